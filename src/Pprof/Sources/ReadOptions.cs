namespace Pprof.Sources;

/// <summary>Choices when reading a profile.</summary>
public sealed record ReadOptions
{
    public static readonly ReadOptions Default = new();

    /// <summary>
    /// Name the frames of Go's text profiles from their <c># 0x... function file:line</c> comments. Go's pprof ignores
    /// them and prints <c>&lt;unknown&gt;</c> (what <c>-symbolize=none</c> gives here).
    /// </summary>
    public bool UseSymbolComments { get; init; } = true;

    /// <summary>
    /// A profile.proto file whose samples take more than this (encoded) keeps none of them in memory: every pass
    /// over the samples reads the file again, one thread decompressing it, so that a profile of any size fits.
    /// </summary>
    internal long MaxSampleBytesInMemory { get; init; } = 256L << 20;
}
