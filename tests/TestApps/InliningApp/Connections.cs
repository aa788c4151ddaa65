using System.Collections.Concurrent;

namespace InliningApp;

/// <summary>A concurrent map of connections that are opened and never removed.</summary>
public static class Connections
{
    private static readonly ConcurrentDictionary<int, Connection> Open = new();

    public static void Accept(int round) => Open[round] = new Connection(round);
}

/// <summary>A connection with its receive buffer, allocated by its small constructor.</summary>
public sealed class Connection(int id)
{
    public int Id { get; } = id;

    public byte[] ReceiveBuffer { get; } = new byte[3000];
}
