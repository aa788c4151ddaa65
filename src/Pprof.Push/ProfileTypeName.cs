using Pprof.Profiles;

namespace Pprof.Push;

/// <summary>
/// The <c>__name__</c> Pyroscope files a profile under, from its sample types, as Pyroscope's own agents name them:
/// <c>process_cpu</c>, <c>memory</c> (allocations and heap), <c>goroutine</c> (goroutines, and our threads profile,
/// which has Go's goroutine layout); anything else is <c>unknown</c>, as Pyroscope's profilecli calls it (Go writes
/// mutex and block profiles with the same sample types, so they cannot be told apart).
/// </summary>
public static class ProfileTypeName
{
    public static string Of(Profile profile)
    {
        foreach (var sampleType in profile.SampleTypes)
        {
            var name = sampleType.Type switch
            {
                "cpu" => "process_cpu",
                "alloc_space" or "alloc_objects" or "inuse_space" or "inuse_objects" => "memory",
                "goroutine" or "goroutines" or "threads" => "goroutine",
                _ => null,
            };
            if (name is not null)
            {
                return name;
            }
        }

        return "unknown";
    }
}
