namespace InliningApp;

/// <summary>Buffers kept by a slice: each request keeps 16 bytes of its 8 KiB read buffer, and with them all of it.</summary>
public static class Headers
{
    private static readonly List<ArraySegment<byte>> Kept = [];

    public static void Parse(int round)
    {
        var buffer = ReadBuffer();
        buffer[0] = (byte)round;
        Kept.Add(new ArraySegment<byte>(buffer, 0, 16));
    }

    private static byte[] ReadBuffer() => new byte[8192];
}
