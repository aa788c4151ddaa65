using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Pprof.Collector;

/// <summary>
/// Reads a process's GC settings: the runtime's GCSettingsRundown event (sent at the end of a session that asks for
/// the GC's rundown, .NET 8 and later) under what its environment and runtimeconfig.json say.
/// </summary>
public static class GcSettingsReader
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static GcSettings Read(DotnetProcess target)
    {
        var configured = GcConfiguration.Read(target);
        return FromEvents(target.Id) is { } events ? configured.Under(events) : configured;
    }

    /// <summary>Null when the runtime sent no GCSettingsRundown (before .NET 8) or the session failed.</summary>
    private static GcSettings? FromEvents(int processId)
    {
        EventPipeProvider[] providers = [new(ClrKeywords.Provider, EventLevel.Informational, ClrKeywords.GC)];
        var configuration = new EventPipeSessionConfiguration(providers, 16, ClrKeywords.GC | ClrKeywords.Loader, requestStackwalk: false);
        try
        {
            using var session = SessionStarter.Start(processId, configuration);
            using var source = new EventPipeEventSource(session.EventStream);
            GcSettings? settings = null;
            new ClrRundownTraceEventParser(source).GCSettingsRundown += e => settings = new GcSettings
            {
                Concurrent = e.BitSettings.HasFlag(GCSettingsFlags.GCSettingsConcurrent),
                HardLimitBytes = e.HardLimit > 0 ? e.HardLimit : null,
                Gen0SizeBytes = e.Gen0MinBudgetConfig > 0 ? e.Gen0MinBudgetConfig : null,
                Sources = ["runtime events"],
            };
            var processing = Task.Run(source.Process);
            session.Stop();
            return processing.Wait(Timeout) ? settings : null;
        }
        catch (Exception error) when (error is CollectorException or ServerNotAvailableException or IOException or EndOfStreamException
            or AggregateException)
        {
            return null;
        }
    }
}
