namespace Pprof.Profiles;

/// <summary>
/// A program counter. <see cref="Lines"/> lists the frames it stands for, innermost (inlined callee) first,
/// the physical caller last.
/// </summary>
public sealed class Location
{
    public ulong Id { get; set; }
    public Mapping? Mapping { get; set; }
    public ulong Address { get; set; }
    public Line[] Lines { get; set; } = [];
    public bool IsFolded { get; set; }

    public Location Clone() => (Location)MemberwiseClone();
}
