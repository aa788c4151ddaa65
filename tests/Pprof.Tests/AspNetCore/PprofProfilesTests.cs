using System.Runtime.CompilerServices;
using Pprof.AspNetCore;
using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Tests.AspNetCore;

/// <summary><see cref="PprofProfiles"/>: profiles of the test process itself, from code, to a stream or a file.</summary>
public sealed class PprofProfilesTests : IDisposable
{
    private const int RetainedBytes = 4 << 20;

    /// <summary>What the heap test keeps alive through a static field, as a leak would.</summary>
    private static readonly List<RetainedBlock[]> Retained = [];

    private static byte[] _churned = [];

    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-profiles-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void The_heap_profile_finds_what_a_static_field_retains()
    {
        var path = Path.Combine(_scratch, "heap.pb.gz");
        lock (Retained)
        {
            Retained.Add(new RetainedBlock[RetainedBytes / Unsafe.SizeOf<RetainedBlock>()]);
        }

        PprofProfiles.WriteHeapProfile(path);

        var profile = ProfileReader.ReadFile(path);
        Assert.Equal(["inuse_objects/count", "inuse_space/bytes"], profile.SampleTypes.Take(2).Select(t => t.ToString()));
        // The collector names nested types without their declaring type.
        Assert.True(ProfileCounts.Through(profile, "RetainedBlock[]", 1) >= RetainedBytes);
    }

    [Fact]
    public void The_thread_profile_counts_threads_by_stack()
    {
        using var release = new ManualResetEventSlim();
        using var parked = new CountdownEvent(3);
        var threads = Enumerable.Range(0, 3).Select(_ => new Thread(() => Park(parked, release)) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        Assert.True(parked.Wait(TimeSpan.FromMinutes(1)), "the threads did not start");
        using var profile = new MemoryStream();

        PprofProfiles.WriteThreadProfile(profile);

        release.Set();
        threads.ForEach(t => t.Join());
        var threadProfile = ProfileReader.Parse(profile.ToArray());
        Assert.Equal(3, ProfileCounts.Through(threadProfile, $"{typeof(PprofProfilesTests).FullName}.{nameof(Park)}"));
    }

    [Fact]
    public async Task The_allocation_profile_names_the_allocating_method()
    {
        var path = Path.Combine(_scratch, "allocs.pb.gz");
        using var stop = new CancellationTokenSource();
        var churn = Task.Factory.StartNew(() => Churn(stop.Token), TaskCreationOptions.LongRunning);

        PprofProfiles.WriteAllocationProfile(path, TimeSpan.FromSeconds(1));

        await stop.CancelAsync();
        await churn;
        var profile = ProfileReader.ReadFile(path);
        Assert.Equal(["alloc_objects/count", "alloc_space/bytes"], profile.SampleTypes.Select(t => t.ToString()));
        Assert.True(ProfileCounts.Through(profile, $"{typeof(PprofProfilesTests).FullName}.{nameof(Churn)}", 1) > 0);
    }

    [Fact]
    public async Task The_cpu_profile_names_the_busy_method()
    {
        using var stop = new CancellationTokenSource();
        var spin = Task.Factory.StartNew(() => Spin(stop.Token), TaskCreationOptions.LongRunning);
        using var profile = new MemoryStream();

        PprofProfiles.WriteCpuProfile(profile, TimeSpan.FromSeconds(1));

        await stop.CancelAsync();
        await spin;
        var cpu = ProfileReader.Parse(profile.ToArray());
        Assert.True(ProfileCounts.Through(cpu, $"{typeof(PprofProfilesTests).FullName}.{nameof(Spin)}") > 0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Park(CountdownEvent parked, ManualResetEventSlim release)
    {
        parked.Signal();
        release.Wait();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Churn(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            // Stored, so that the JIT cannot put an array that does not escape on the stack; paced at about
            // 100 MB/s, so that the trace stays small.
            for (var i = 0; i < 25; i++)
            {
                _churned = new byte[4096];
            }

            Thread.Sleep(1);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Spin(CancellationToken stop)
    {
        long total = 0;
        while (!stop.IsCancellationRequested)
        {
            total = unchecked((total * 31) + 7);
        }

        return total;
    }

    private readonly record struct RetainedBlock(long A, long B, long C, long D);
}
