namespace Pprof.Profiles;

/// <summary>Label sets compared by content, so that a dictionary keyed by them can be looked up with a span.</summary>
internal sealed class LabelArrayComparer : IEqualityComparer<Label[]>, IAlternateEqualityComparer<ReadOnlySpan<Label>, Label[]>
{
    public static readonly LabelArrayComparer Instance = new();

    public bool Equals(Label[]? x, Label[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(Label[] obj) => GetHashCode((ReadOnlySpan<Label>)obj);

    public bool Equals(ReadOnlySpan<Label> alternate, Label[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<Label> alternate)
    {
        var hash = new HashCode();
        foreach (var label in alternate)
        {
            hash.Add(label);
        }

        return hash.ToHashCode();
    }

    public Label[] Create(ReadOnlySpan<Label> alternate) => alternate.ToArray();
}
