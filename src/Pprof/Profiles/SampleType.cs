namespace Pprof.Profiles;

/// <summary>The kind and unit of one value column, as profile.proto's <c>ValueType</c> (for example <c>inuse_space</c>/<c>bytes</c>).</summary>
public sealed record SampleType(string Type, string Unit)
{
    public override string ToString() => $"{Type}/{Unit}";
}
