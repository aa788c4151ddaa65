namespace Pprof.Profiles;

/// <summary>
/// A profile as profile.proto describes it, with string-table indices and ids resolved to objects.
/// Sample stacks index <see cref="Locations"/> by position.
/// </summary>
public sealed class Profile
{
    public Profile(IEnumerable<SampleType> sampleTypes)
    {
        SampleTypes = [.. sampleTypes];
        Samples = new SampleList(SampleTypes.Count);
    }

    public List<SampleType> SampleTypes { get; }
    public SampleList Samples { get; set; }
    public List<Mapping> Mappings { get; init; } = [];
    public List<Location> Locations { get; init; } = [];
    public List<Function> Functions { get; init; } = [];

    /// <summary>Regular expression of frames to drop from the leaf end of stacks (for example allocator internals).</summary>
    public string DropFrames { get; set; } = "";

    /// <summary>Regular expression of frames that <see cref="DropFrames"/> must not drop.</summary>
    public string KeepFrames { get; set; } = "";

    public long TimeNanos { get; set; }
    public long DurationNanos { get; set; }
    public SampleType? PeriodType { get; set; }
    public long Period { get; set; }
    public List<string> Comments { get; init; } = [];
    public string DefaultSampleType { get; set; } = "";
    public string DocUrl { get; set; } = "";

    /// <summary>
    /// A copy to change on its own: reports rewrite locations and samples, so each one works on its own copy. The
    /// samples are shared until either profile's are changed, which copies them then.
    /// </summary>
    public Profile Clone()
    {
        var mappings = new Dictionary<Mapping, Mapping>(ReferenceEqualityComparer.Instance);
        foreach (var mapping in Mappings)
        {
            mappings[mapping] = mapping.Clone();
        }

        var functions = new Dictionary<Function, Function>(ReferenceEqualityComparer.Instance);
        foreach (var function in Functions)
        {
            functions[function] = function.Clone();
        }

        var copy = new Profile(SampleTypes)
        {
            Mappings = [.. Mappings.Select(m => mappings[m])],
            Functions = [.. Functions.Select(f => functions[f])],
            DropFrames = DropFrames,
            KeepFrames = KeepFrames,
            TimeNanos = TimeNanos,
            DurationNanos = DurationNanos,
            PeriodType = PeriodType,
            Period = Period,
            Comments = [.. Comments],
            DefaultSampleType = DefaultSampleType,
            DocUrl = DocUrl,
        };
        foreach (var location in Locations)
        {
            var clone = location.Clone();
            clone.Mapping = location.Mapping is null ? null : mappings[location.Mapping];
            clone.Lines = [.. location.Lines.Select(l => l with { Function = l.Function is null ? null : functions[l.Function] })];
            copy.Locations.Add(clone);
        }

        copy.Samples = Samples.Share();
        return copy;
    }
}
