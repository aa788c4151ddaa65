using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Pprof.Collector;

/// <summary>
/// A short session of its own before a heap walk: the runtime describes each type once per session and remembers
/// which it described, and a new session makes it forget, so that the walk's session gets every type's name again
/// (dotnet-gcdump does the same).
/// </summary>
internal static class TypeCacheFlush
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static void Run(int processId)
    {
        EventPipeProvider[] providers = [new(ClrKeywords.SampleProfiler, EventLevel.Informational)];
        var configuration = new EventPipeSessionConfiguration(providers, 16, requestRundown: false, requestStackwalk: true);
        using var session = SessionStarter.Start(processId, configuration);
        using var source = new EventPipeEventSource(session.EventStream);
        using var received = new ManualResetEventSlim();
        source.AllEvents += _ => received.Set();
        var processing = Task.Run(source.Process);
        received.Wait(Timeout);
        session.Stop();
        processing.Wait(Timeout);
    }
}
