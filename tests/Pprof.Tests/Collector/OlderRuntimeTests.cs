using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Tests.Collector;

/// <summary>The collector against a .NET 8 process, which has GCAllocationTick but no AllocationSampled events.</summary>
public sealed class OlderRuntimeTests(Net8AppFixture app) : IClassFixture<Net8AppFixture>, IDisposable
{
    private const string Allocator = "Net8App.Buffers.Fill";
    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-net8-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Allocs_falls_back_to_allocation_ticks_and_says_so()
    {
        var output = Path.Combine(_scratch, "net8.allocs.pb.gz");

        var run = CollectorCli.Run("collect", "allocs", "-p", $"{app.ProcessId}", "--duration", "3s", "-o", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var note = Assert.Single(run.StderrLines);
        Assert.Contains(".NET 8.0", note, StringComparison.Ordinal);
        Assert.Contains("GCAllocationTick", note, StringComparison.Ordinal);
        var profile = ProfileReader.ReadFile(output);
        Assert.Equal(["alloc_objects/count", "alloc_space/bytes"], profile.SampleTypes.Select(t => t.ToString()));
        Assert.Contains(profile.Comments, comment => comment.Contains("GCAllocationTick events, biased", StringComparison.Ordinal));
        Assert.Equal(Allocator, CollectorCli.ReportRows(output, "-top")[0]);
        Assert.Contains(Allocator, CollectorCli.GoToolPprof(output, "-top"), StringComparison.Ordinal);
    }

    [Fact]
    public void Heap_snapshots_work_but_allocation_stacks_need_dotnet_10()
    {
        var output = Path.Combine(_scratch, "net8.heap.pb.gz");

        var snapshot = CollectorCli.Run("collect", "heap", "-p", $"{app.ProcessId}", "-o", output);
        var allocationStacks = CollectorCli.Run(
            "collect", "heap", "--alloc-stacks", "-p", $"{app.ProcessId}", "--duration", "1s", "-o", Path.Combine(_scratch, "no.pb.gz"));

        Assert.True(snapshot.ExitCode == 0, snapshot.Stderr);
        Assert.Equal("", snapshot.Stderr);
        var rows = CollectorCli.ReportRows(output, "-top", "-sample_index=inuse_space");
        Assert.True(rows.Count > 0 && rows[0] == "System.Byte[]", CollectorCli.Report(output, "-top", "-sample_index=inuse_space"));
        Assert.Equal(1, allocationStacks.ExitCode);
        Assert.Contains("needs the AllocationSampled events of .NET 10", Assert.Single(allocationStacks.StderrLines), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_scratch, "no.pb.gz")));
    }
}
