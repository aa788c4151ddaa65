using Pprof.Collector;
using Pprof.Profiles;

namespace Pprof.AspNetCore;

/// <summary>
/// Profiles of this process from code, for tests and batch jobs: each writes a gzipped profile.proto that
/// <c>dotnet-pprof</c> and <c>go tool pprof</c> read. A call shares a collection of the same profile already running (an
/// endpoint's, say), and throws <see cref="CollectorException"/> when the runtime cannot be traced (for example with
/// <c>DOTNET_EnableDiagnostics=0</c>).
/// </summary>
public static class PprofProfiles
{
    /// <summary>Live objects by type, each under the path that keeps it alive. The app pauses for the heap walk.</summary>
    public static void WriteHeapProfile(Stream destination) => Write(destination, ProfileKind.Heap, TimeSpan.Zero);

    /// <inheritdoc cref="WriteHeapProfile(Stream)"/>
    public static void WriteHeapProfile(string path) => WriteFile(path, ProfileKind.Heap, TimeSpan.Zero);

    /// <summary>Allocations sampled for <paramref name="duration"/>, by allocating stack and type.</summary>
    public static void WriteAllocationProfile(Stream destination, TimeSpan duration) => Write(destination, ProfileKind.Allocs, duration);

    /// <inheritdoc cref="WriteAllocationProfile(Stream, TimeSpan)"/>
    public static void WriteAllocationProfile(string path, TimeSpan duration) => WriteFile(path, ProfileKind.Allocs, duration);

    /// <summary>The managed stack of every thread, counted by stack.</summary>
    public static void WriteThreadProfile(Stream destination) =>
        Write(destination, ProfileKind.Threads, ProfileCollector.DefaultDuration(ProfileKind.Threads));

    /// <inheritdoc cref="WriteThreadProfile(Stream)"/>
    public static void WriteThreadProfile(string path) =>
        WriteFile(path, ProfileKind.Threads, ProfileCollector.DefaultDuration(ProfileKind.Threads));

    /// <summary>Where managed code ran during <paramref name="duration"/>.</summary>
    public static void WriteCpuProfile(Stream destination, TimeSpan duration) => Write(destination, ProfileKind.Cpu, duration);

    /// <inheritdoc cref="WriteCpuProfile(Stream, TimeSpan)"/>
    public static void WriteCpuProfile(string path, TimeSpan duration) => WriteFile(path, ProfileKind.Cpu, duration);

    private static void Write(Stream destination, ProfileKind kind, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ProfileWriter.Write(Collect(kind, duration), destination);
    }

    private static void WriteFile(string path, ProfileKind kind, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ProfileWriter.WriteFile(Collect(kind, duration), path);
    }

    private static Profile Collect(ProfileKind kind, TimeSpan duration)
    {
        if (kind != ProfileKind.Heap)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        }

        return SharedCollections.Process.CollectAsync(
                CollectionRun.Key(kind, duration), stop => SelfProfiler.Collect(kind, duration, stop), CancellationToken.None)
            .GetAwaiter().GetResult()
            ?? throw new CollectorException($"{SharedCollections.MaxAtOnce} other profiles of this process are being collected; try again when one is done");
    }
}
