namespace ClassicLeaksApp;

/// <summary>A thread per request, which waits for a signal that never comes and keeps its request's state on its stack.</summary>
public static class Workers
{
    private static readonly ManualResetEventSlim Never = new();

    public static void Start(int tick) => new Thread(() => Serve(tick)) { IsBackground = true, Name = $"worker-{tick}" }.Start();

    private static void Serve(int tick)
    {
        var state = new byte[32 * 1024];
        state[0] = (byte)tick;
        Never.Wait();
        GC.KeepAlive(state);
    }
}
