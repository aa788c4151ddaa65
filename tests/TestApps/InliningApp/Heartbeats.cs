namespace InliningApp;

/// <summary>Timers started per request and never disposed: the runtime's timer queue keeps each one's state alive.</summary>
public sealed class Heartbeat
{
    private readonly byte[] _history = new byte[2048];

    public static void Start() => _ = new Timer(static state => ((Heartbeat)state!).Beat(), new Heartbeat(), TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    private void Beat() => _history[0]++;
}
