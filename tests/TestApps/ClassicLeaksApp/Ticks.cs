namespace ClassicLeaksApp;

/// <summary>Runs a scenario's ticks, numbered from 0, from stdin or after full GCs, one batch at a time.</summary>
public sealed class Ticks(Action<int> scenario)
{
    private static readonly TimeSpan GcPoll = TimeSpan.FromMilliseconds(10);

    private readonly Lock _guard = new();
    private int _done;

    /// <summary>Runs this many ticks; returns how many have run in all.</summary>
    public int Run(int count)
    {
        lock (_guard)
        {
            for (var end = _done + count; _done < end; _done++)
            {
                scenario(_done);
            }

            return _done;
        }
    }

    /// <summary>From now on, runs this many ticks after each gen-2 GC, on a thread of its own.</summary>
    public void RunAfterEachFullGc(int count)
    {
        var seen = GC.CollectionCount(2);
        new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(GcPoll);
                var now = GC.CollectionCount(2);
                if (now != seen)
                {
                    seen = now;
                    Run(count);
                }
            }
        }) { IsBackground = true, Name = "ticks after GC" }.Start();
    }
}
