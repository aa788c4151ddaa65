namespace ClassicLeaksApp;

/// <summary>Not a leak: steady churn, each request rendering a response that the next one replaces.</summary>
public static class ResponseRenderer
{
    private static byte[] _last = [];

    public static void Render(int tick)
    {
        var response = new byte[32 * 1024];
        response[^1] = (byte)tick;
        _last = response;
    }

    public static int LastLength => _last.Length;
}
