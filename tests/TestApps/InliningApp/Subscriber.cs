namespace InliningApp;

/// <summary>A subscriber whose small constructor, inlined into the lambda that makes it, allocates its buffer.</summary>
public sealed class Subscriber
{
    private readonly byte[] _inbox;

    public Subscriber() => _inbox = new byte[4096];

    public int Capacity => _inbox.Length;
}
