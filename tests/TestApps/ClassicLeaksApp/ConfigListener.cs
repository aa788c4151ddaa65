namespace ClassicLeaksApp;

/// <summary>A static event: every listener that subscribes stays reachable from it, because none unsubscribes.</summary>
public static class ConfigEvents
{
    public static event EventHandler? Changed;

    public static void Raise() => Changed?.Invoke(null, EventArgs.Empty);
}

public sealed class ConfigListener(int tick)
{
    private readonly byte[] _snapshot = new byte[32 * 1024];

    public int Tick { get; } = tick;

    public void Subscribe() => ConfigEvents.Changed += OnChanged;

    private void OnChanged(object? sender, EventArgs e) => _snapshot[0]++;
}
