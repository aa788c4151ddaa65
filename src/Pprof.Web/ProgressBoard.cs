using System.Collections.Concurrent;

namespace Pprof.Web;

/// <summary>
/// What the server is computing now, for the page to show while it waits: a large profile's call tree takes seconds,
/// and a page that says what it is waiting for is not a page that hangs.
/// </summary>
internal sealed class ProgressBoard
{
    private readonly ConcurrentDictionary<long, string> _running = new();
    private long _next;

    /// <summary>Shows <paramref name="what"/> until the result is disposed.</summary>
    public IDisposable Step(string what)
    {
        var id = Interlocked.Increment(ref _next);
        _running[id] = what;
        return new Finished(() => _running.TryRemove(id, out _));
    }

    /// <summary>The steps running, oldest first.</summary>
    public IReadOnlyList<string> Running() => _running.OrderBy(step => step.Key).Select(step => step.Value).ToList();

    private sealed class Finished(Action done) : IDisposable
    {
        public void Dispose() => done();
    }
}
