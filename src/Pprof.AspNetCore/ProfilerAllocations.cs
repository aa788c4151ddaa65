using Pprof.Profiles;

namespace Pprof.AspNetCore;

/// <summary>
/// Leaves the profiler's own allocations out of an allocation profile of this process: turning a trace into a
/// profile allocates a lot, and it would otherwise top the profile of the app it is meant to explain.
/// </summary>
internal static class ProfilerAllocations
{
    public const string Note = "allocations made by the profiler itself (Pprof*, Microsoft.Diagnostics.*) are left out";

    private static readonly HashSet<string> ProfilerModules = new(StringComparer.OrdinalIgnoreCase)
    {
        "Pprof",
        "Pprof.Collector",
        "Pprof.AspNetCore",
        "Microsoft.Diagnostics.NETCore.Client",
        "Microsoft.Diagnostics.Tracing.TraceEvent",
        "Microsoft.Diagnostics.FastSerialization",
    };

    public static Profile Remove(Profile profile)
    {
        var profilerLocations = profile.Locations
            .Select(location => location.Mapping is { } mapping && ProfilerModules.Contains(Path.GetFileNameWithoutExtension(mapping.File)))
            .ToArray();
        profile.Samples.Edit((int _, ref Span<int> stack, Span<long> _, ReadOnlySpan<Label> _) =>
        {
            foreach (var location in stack)
            {
                if (profilerLocations[location])
                {
                    return false;
                }
            }

            return true;
        });
        profile.Comments.Add(Note);
        return Merger.Compact(profile);
    }
}
