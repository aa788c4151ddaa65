namespace ClassicLeaksApp;

/// <summary>What one tick (one request) does in each mode.</summary>
public static class Scenarios
{
    public static readonly IReadOnlyDictionary<string, Action<int>> All = new Dictionary<string, Action<int>>(StringComparer.Ordinal)
    {
        ["static-cache"] = SessionCache.Remember,
        ["timers"] = tick => new Heartbeat(tick).Start(),
        ["connections"] = ConnectionRegistry.Accept,
        ["slices"] = HeaderParser.Parse,
        ["events"] = tick => new ConfigListener(tick).Subscribe(),
        ["threads"] = Workers.Start,
        ["large-buffers"] = ReportArchive.Render,
        ["finalizers"] = TempFile.Drop,
        ["filling-cache"] = CountryCache.Lookup,
        ["lru"] = RecentQuotes.Remember,
        ["churn"] = ResponseRenderer.Render,
        ["step"] = ReferenceData.LoadOnce,
    };
}
