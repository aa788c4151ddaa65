using System.Runtime.CompilerServices;

namespace ClassicLeaksApp;

/// <summary>What one tick (one request) does in each mode.</summary>
/// <remarks>
/// Each mode is a lambda the JIT may not inline: with profile data it would otherwise inline the one delegate a
/// process calls into <see cref="Ticks.Run"/> (guarded devirtualization), and charge the mode's allocations to it,
/// as the collector does not follow calls through delegates. Inside each lambda, the JIT inlines as it likes.
/// </remarks>
public static class Scenarios
{
    public static readonly IReadOnlyDictionary<string, Action<int>> All = new Dictionary<string, Action<int>>(StringComparer.Ordinal)
    {
        ["static-cache"] = [MethodImpl(MethodImplOptions.NoInlining)] static (tick) => SessionCache.Remember(tick),
        ["timers"] = [MethodImpl(MethodImplOptions.NoInlining)] static (tick) => new Heartbeat(tick).Start(),
        ["connections"] = [MethodImpl(MethodImplOptions.NoInlining)] static (tick) => ConnectionRegistry.Accept(tick),
        ["slices"] = [MethodImpl(MethodImplOptions.NoInlining)] static (tick) => HeaderParser.Parse(tick),
        ["events"] = [MethodImpl(MethodImplOptions.NoInlining)] static (tick) => new ConfigListener(tick).Subscribe(),
        ["threads"] = [MethodImpl(MethodImplOptions.NoInlining)] static (tick) => Workers.Start(tick),
        ["large-buffers"] = [MethodImpl(MethodImplOptions.NoInlining)] static (tick) => ReportArchive.Render(tick),
        ["httpclient"] = [MethodImpl(MethodImplOptions.NoInlining)] static (tick) => PriceFeed.Quote(tick),
        ["finalizers"] = [MethodImpl(MethodImplOptions.NoInlining)] static (tick) => TempFile.Drop(tick),
        ["filling-cache"] = [MethodImpl(MethodImplOptions.NoInlining)] static (tick) => CountryCache.Lookup(tick),
        ["lru"] = [MethodImpl(MethodImplOptions.NoInlining)] static (tick) => RecentQuotes.Remember(tick),
        ["churn"] = [MethodImpl(MethodImplOptions.NoInlining)] static (tick) => ResponseRenderer.Render(tick),
        ["step"] = [MethodImpl(MethodImplOptions.NoInlining)] static (tick) => ReferenceData.LoadOnce(tick),
    };
}
