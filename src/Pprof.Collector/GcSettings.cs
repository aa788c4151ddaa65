namespace Pprof.Collector;

/// <summary>
/// How a process's GC is set up, as far as it can be read from outside: the runtime's GCSettingsRundown event
/// (concurrent, hard limit, gen-0 budget), the heaps its GCs report, and the DOTNET_/COMPlus_ variables of its
/// environment and its runtimeconfig.json for what the event does not say (Server GC, GCConserveMemory, RetainVM).
/// Null where nothing says.
/// </summary>
public sealed record GcSettings
{
    public bool? Server { get; init; }

    public bool? Concurrent { get; init; }

    /// <summary>GCConserveMemory, 0–9: how hard the GC compacts to keep the heap small (0, the default, not at all).</summary>
    public int? ConserveMemory { get; init; }

    public long? HardLimitBytes { get; init; }

    public int? HardLimitPercent { get; init; }

    /// <summary>GCgen0size: the gen-0 budget asked for, in bytes.</summary>
    public long? Gen0SizeBytes { get; init; }

    public bool? RetainVM { get; init; }

    public int? HeapCount { get; init; }

    /// <summary>GCDynamicAdaptationMode (DATAS, 1: Server GC adapts its heap count to the app).</summary>
    public int? DynamicAdaptationMode { get; init; }

    /// <summary>Where the settings were read: "runtime events", "environment", "runtimeconfig.json".</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>
    /// The settings that are known, by the names users set them with (<c>DOTNET_gcServer</c> less its prefix), values
    /// flags as 1 or 0: <c>gcServer 0</c>, <c>GCConserveMemory 5</c>, <c>GCgen0size 67108864</c>.
    /// </summary>
    public IEnumerable<(string Name, long Value)> Named()
    {
        if (Server is { } server)
        {
            yield return ("gcServer", server ? 1 : 0);
        }

        if (Concurrent is { } concurrent)
        {
            yield return ("gcConcurrent", concurrent ? 1 : 0);
        }

        (string, long?)[] numbers =
        [
            ("GCConserveMemory", ConserveMemory), ("GCHeapHardLimit", HardLimitBytes), ("GCHeapHardLimitPercent", HardLimitPercent),
            ("GCgen0size", Gen0SizeBytes), ("GCHeapCount", HeapCount), ("GCDynamicAdaptationMode", DynamicAdaptationMode),
        ];
        foreach (var (name, value) in numbers)
        {
            if (value is { } known)
            {
                yield return (name, known);
            }
        }

        if (RetainVM is { } retain)
        {
            yield return ("GCRetainVM", retain ? 1 : 0);
        }
    }

    /// <summary>These settings, with what <paramref name="preferred"/> says in place of what they say.</summary>
    public GcSettings Under(GcSettings preferred) => new()
    {
        Server = preferred.Server ?? Server,
        Concurrent = preferred.Concurrent ?? Concurrent,
        ConserveMemory = preferred.ConserveMemory ?? ConserveMemory,
        HardLimitBytes = preferred.HardLimitBytes ?? HardLimitBytes,
        HardLimitPercent = preferred.HardLimitPercent ?? HardLimitPercent,
        Gen0SizeBytes = preferred.Gen0SizeBytes ?? Gen0SizeBytes,
        RetainVM = preferred.RetainVM ?? RetainVM,
        HeapCount = preferred.HeapCount ?? HeapCount,
        DynamicAdaptationMode = preferred.DynamicAdaptationMode ?? DynamicAdaptationMode,
        Sources = [.. preferred.Sources.Concat(Sources).Distinct(StringComparer.Ordinal)],
    };
}
