namespace ClassicLeaksApp;

/// <summary>
/// A timer never disposed: the runtime's timer queue holds the timer, its callback holds this heartbeat, and the
/// heartbeat holds the timer, so neither is ever collected or finalized.
/// </summary>
public sealed class Heartbeat(int tick)
{
    private readonly byte[] _history = new byte[32 * 1024];
    private Timer? _timer;

    public int Tick { get; } = tick;

    public void Start() => _timer = new Timer(_ => Beat(), null, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    private void Beat() => _history[0]++;
}
