using Pprof.Profiles;

namespace Pprof.Leaks;

/// <summary>
/// What the analysis keeps of one profile: its time and, per grouping, what each key holds. The profile itself is
/// dropped once this is made, so a long series of large profiles takes the memory of one.
/// </summary>
public sealed class ProfileDigest
{
    private readonly Dictionary<string, Measure>?[] _groups = new Dictionary<string, Measure>?[GroupingNames.All.Count];

    public ProfileDigest(string source, ProfileShape shape, long timeNanos)
    {
        Source = source;
        Shape = shape;
        TimeNanos = timeNanos;
    }

    /// <summary>The file (or URL) it came from, for messages.</summary>
    public string Source { get; }

    public ProfileShape Shape { get; }

    /// <summary>Reads the profile again, for the few keys that need more than their totals; null when it cannot be.</summary>
    public Func<Profile>? Reopen { get; set; }

    /// <summary>The profile's time_nanos; 0 when it has none.</summary>
    public long TimeNanos { get; }

    /// <summary>Everything the profile holds: the heap's bytes and objects, or its threads.</summary>
    public Measure Total { get; set; }

    /// <summary>Names that differ from what the key says (a repeated hop's count), by key.</summary>
    public Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal);

    /// <summary>Memory figures of the process when the profile was taken (RSS), where the profile says them.</summary>
    public Dictionary<string, long> Memory { get; } = new(StringComparer.Ordinal);

    /// <summary>The GC's settings when the profile was taken, where the profile says them.</summary>
    public GcSettingsReading? GcSettings { get; set; }

    /// <summary>The string values held in several copies, those that waste the most first, where the profile lists them.</summary>
    public List<DuplicateStringReading> DuplicateStrings { get; } = [];

    public IEnumerable<Grouping> Groupings => GroupingNames.All.Where(g => _groups[(int)g] is not null);

    public IReadOnlyDictionary<string, Measure> Keys(Grouping grouping) =>
        _groups[(int)grouping] ?? (IReadOnlyDictionary<string, Measure>)new Dictionary<string, Measure>();

    public void Add(Grouping grouping, string key, Measure measure)
    {
        var keys = _groups[(int)grouping] ??= new Dictionary<string, Measure>(StringComparer.Ordinal);
        keys[key] = keys.GetValueOrDefault(key) + measure;
    }

    /// <summary>Makes a grouping appear (with no keys yet), so that a profile with no samples still has its tables.</summary>
    public void Declare(Grouping grouping) => _groups[(int)grouping] ??= new Dictionary<string, Measure>(StringComparer.Ordinal);
}
