namespace Pprof.Leaks;

/// <summary>What a key holds in one profile: bytes (0 for thread and goroutine profiles) and objects or threads.</summary>
public readonly record struct Measure(long Bytes, long Count)
{
    public static Measure operator +(Measure left, Measure right) => new(left.Bytes + right.Bytes, left.Count + right.Count);
}
