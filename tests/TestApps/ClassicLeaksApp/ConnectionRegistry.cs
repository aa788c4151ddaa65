using System.Collections.Concurrent;

namespace ClassicLeaksApp;

/// <summary>A concurrent map of connections: each is added when accepted and never removed when it closes.</summary>
public static class ConnectionRegistry
{
    private static readonly ConcurrentDictionary<int, Connection> Open = new();

    public static void Accept(int tick) => Open[tick] = new Connection(tick);
}

public sealed class Connection(int id)
{
    public int Id { get; } = id;

    public byte[] ReceiveBuffer { get; } = new byte[32 * 1024];
}
