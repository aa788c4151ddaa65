namespace ClassicLeaksApp;

/// <summary>Buffers kept by a slice: each request keeps 16 bytes of its 32 KiB read buffer, and with them all of it.</summary>
public static class HeaderParser
{
    private static readonly List<ArraySegment<byte>> Tokens = [];

    public static void Parse(int tick)
    {
        var buffer = new byte[32 * 1024];
        buffer[0] = (byte)tick;
        Tokens.Add(new ArraySegment<byte>(buffer, 0, 16));
    }
}
