namespace Pprof.Collector;

/// <summary>
/// The work a target does because a profiler's session enabled its EventSources: each builds its manifest and its
/// events' metadata in the enable callback. It is the profiler's cost, not the app's, and is left out of profiles.
/// </summary>
internal static class SessionWork
{
    public const string What = "what the target did because this session enabled its EventSources (manifests and event metadata)";

    /// <summary>The callbacks the runtime calls when a session enables a provider: every frame above them is that work.</summary>
    private static readonly HashSet<string> EnableCallbacks = new(StringComparer.Ordinal)
    {
        "System.Diagnostics.Tracing.EventPipeEventProvider.Callback",
        "System.Diagnostics.Tracing.EventPipeEventProvider.HandleEnableNotification",
        "System.Diagnostics.Tracing.EventSource+OverrideEventProvider.OnControllerCommand",
    };

    public static bool IsEnableCallback(string function) => EnableCallbacks.Contains(function);
}
