namespace Pprof.Leaks;

/// <summary>
/// The GC's settings as a live series read them from the process, by the names users set them with
/// (<c>gcServer</c>, <c>gcConcurrent</c>, <c>GCConserveMemory</c>, <c>GCgen0size</c>, <c>GCHeapHardLimit</c>, …;
/// <c>heaps</c> is the number of GC heaps the GC reported), and where they were read.
/// </summary>
public sealed record GcSettingsReading(IReadOnlyList<GcSetting> Values, IReadOnlyList<string> From)
{
    public const string Heaps = "heaps";

    private static readonly HashSet<string> ByteSettings = new(StringComparer.Ordinal) { "GCgen0size", "GCHeapHardLimit" };

    public long? this[string name] => Values.FirstOrDefault(v => v.Name == name)?.Value;

    public bool IsServer => this["gcServer"] == 1 || this[Heaps] > 1;

    /// <summary>As the report's header says it: <c>gcServer=0 gcConcurrent=1 GCgen0size=64.00MB (from …)</c>.</summary>
    public string Describe()
    {
        var values = Values.Select(v => $"{v.Name}={(ByteSettings.Contains(v.Name) ? Quantities.Format(v.Value, false) : Quantities.Format(v.Value, true))}");
        return string.Join(' ', values) + (From.Count > 0 ? $" (from {string.Join(", ", From)})" : "");
    }
}

/// <summary>One GC setting, such as <c>GCConserveMemory 5</c>.</summary>
public sealed record GcSetting(string Name, long Value);
