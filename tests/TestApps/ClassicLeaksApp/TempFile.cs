namespace ClassicLeaksApp;

/// <summary>
/// A finalizer backlog: each request drops an object with a finalizer, and the first finalizer never returns, so the
/// finalizer thread is stuck and every object after it waits in the finalization queue with what it holds.
/// </summary>
public sealed class TempFile
{
    private static readonly ManualResetEventSlim Never = new();

    private readonly byte[] _contents = new byte[32 * 1024];

    ~TempFile()
    {
        Never.Wait();
        _contents[0]++;
    }

    public static void Drop(int tick) => _ = new TempFile { Tick = tick };

    public int Tick { get; private init; }
}
