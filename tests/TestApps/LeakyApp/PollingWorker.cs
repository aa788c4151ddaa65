using System.Runtime.CompilerServices;

namespace LeakyApp;

/// <summary>A thread per request that polls forever and keeps its request's state alive on its stack.</summary>
public static class PollingWorker
{
    public static void Start(int request)
    {
        var thread = new Thread(() => Run(request)) { IsBackground = true, Name = $"poller-{request}" };
        thread.Start();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Run(int request)
    {
        var state = new byte[8192];
        state[0] = (byte)request;
        while (true)
        {
            Thread.Sleep(1000);
            GC.KeepAlive(state);
        }
    }
}
