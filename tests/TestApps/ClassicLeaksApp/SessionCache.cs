namespace ClassicLeaksApp;

/// <summary>A static cache: every session stays, because nothing ever evicts one.</summary>
public static class SessionCache
{
    private static readonly Dictionary<int, Session> Sessions = [];

    public static void Remember(int tick) => Sessions[tick] = new Session(tick, new byte[32 * 1024]);
}

public sealed record Session(int Id, byte[] Payload);
