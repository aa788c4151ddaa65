using System.Runtime.CompilerServices;

namespace LeakyApp;

/// <summary>The main leak: a cache that never evicts, 32 KiB a request.</summary>
public static class SessionCache
{
    public const int PayloadBytes = 32 * 1024;

    private static readonly Dictionary<int, Session> Sessions = [];

    public static int Count => Sessions.Count;

    // Not inlined, so that this method is the allocation site the profiles name.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Remember(int request)
    {
        var payload = new byte[PayloadBytes];
        payload[0] = (byte)request;
        Sessions[request] = new Session(request, payload);
    }
}
