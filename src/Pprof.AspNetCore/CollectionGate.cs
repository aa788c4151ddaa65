namespace Pprof.AspNetCore;

/// <summary>
/// Lets one collection of this process run at a time, whoever asks (an endpoint or <see cref="PprofProfiles"/>): each
/// costs a trace session and CPU, and a heap walk pauses the app, so two at once would only harm it more.
/// </summary>
internal static class CollectionGate
{
    private static readonly SemaphoreSlim Slot = new(1, 1);

    /// <summary>The slot, or null when another collection holds it.</summary>
    public static IDisposable? TryEnter() => Slot.Wait(0) ? new Lease() : null;

    /// <summary>The slot, once the collection holding it is done.</summary>
    public static IDisposable Enter()
    {
        Slot.Wait();
        return new Lease();
    }

    private sealed class Lease : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Slot.Release();
            }
        }
    }
}
