namespace Pprof.Leaks;

/// <summary>
/// The GC settings that change how much memory the GC keeps beyond the live objects, picked by what the process runs
/// with: fewer heaps for Server GC, giving memory back for RetainVM, a smaller gen-0 budget for a large GCgen0size,
/// compaction (GCConserveMemory) where it is off, a cap (GCHeapHardLimit) where there is none.
/// </summary>
public static class GcAdvice
{
    /// <summary>The settings' mode in a few words: "Workstation GC, concurrent", "Server GC (4 heaps)".</summary>
    public static string Mode(GcSettingsReading settings)
    {
        var heaps = settings[GcSettingsReading.Heaps] is { } count && settings.IsServer ? $" ({count} heaps)" : "";
        var concurrent = settings["gcConcurrent"] switch
        {
            1 => ", concurrent",
            0 => ", non-concurrent",
            _ => "",
        };
        return $"{(settings.IsServer ? "Server" : "Workstation")} GC{heaps}{concurrent}";
    }

    public static string For(GcSettingsReading? settings)
    {
        if (settings is null)
        {
            return "DOTNET_GCConserveMemory=1-9 compacts to keep it smaller, DOTNET_GCgen0size lowers the gen-0 budget, "
                + "Workstation GC (DOTNET_gcServer=0) keeps fewer heaps";
        }

        var advice = new List<string>();
        if (settings.IsServer)
        {
            advice.Add(settings["GCDynamicAdaptationMode"] == 1
                ? "Server GC keeps a heap per core: Workstation GC (DOTNET_gcServer=0) or fewer heaps (DOTNET_GCHeapCount) holds less"
                : "Server GC keeps a heap and a gen-0 budget per core: DATAS (DOTNET_GCDynamicAdaptationMode=1), fewer heaps (DOTNET_GCHeapCount) or Workstation GC (DOTNET_gcServer=0) holds less");
        }

        if (settings["GCRetainVM"] == 1)
        {
            advice.Add("GCRetainVM=1 keeps freed memory for reuse: unset it to give memory back");
        }

        if (settings["GCgen0size"] is { } gen0)
        {
            advice.Add($"GCgen0size={Quantities.Format(gen0, false)} asks for a large gen-0 budget: lower it or unset it");
        }

        if (settings["GCConserveMemory"] is null or 0)
        {
            advice.Add("DOTNET_GCConserveMemory=1-9 compacts to keep the heap small");
        }

        if (settings["GCHeapHardLimit"] is null && settings["GCHeapHardLimitPercent"] is null)
        {
            advice.Add("DOTNET_GCHeapHardLimit caps what the GC commits");
        }

        return advice.Count > 0 ? string.Join("; ", advice) : "the GC keeps this much already under its settings";
    }
}
