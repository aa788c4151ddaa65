using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace Pprof.Collector;

/// <summary>
/// Makes a process run a blocking gen-2 GC from outside: a session that enables the GCHeapCollect keyword. The runtime
/// runs the GC while it enables the session, so the start returns only once the GC is over; the GC walks the heap for
/// the sessions that ask for it (GCHeapDump), which can then read the walk while it happens.
/// </summary>
internal static class InducedGc
{
    public static void Run(int processId)
    {
        EventPipeProvider[] providers = [new(ClrKeywords.Provider, EventLevel.Informational, ClrKeywords.GCHeapCollect)];
        var configuration = new EventPipeSessionConfiguration(providers, 1, requestRundown: false, requestStackwalk: false);
        using var session = SessionStarter.Start(processId, configuration);
        session.Stop();
    }
}
