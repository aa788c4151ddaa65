using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Tests.Collector;

/// <summary><c>collect heap</c> against LeakyApp, most of whose heap is its cache's payloads held by a static.</summary>
[Collection(LeakyAppCollection.Name)]
public sealed class HeapCollectionTests(LeakyAppFixture app) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-heap-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Top_names_what_is_alive_and_top_cum_what_holds_it()
    {
        var output = Path.Combine(_scratch, "leaky.heap.pb.gz");

        var run = CollectorCli.Run("collect", "heap", "-p", $"{app.ProcessId}", "-o", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        Assert.Equal("System.Byte[]", CollectorCli.ReportRows(output, "-top", "-sample_index=inuse_space")[0]);
        var holders = CollectorCli.ReportRows(output, "-top", "-cum", "-sample_index=inuse_space").Take(3).ToList();
        Assert.Contains(holders, row => row.StartsWith("[static] LeakyApp.SessionCache.Sessions: ", StringComparison.Ordinal));
        Assert.Contains("System.Collections.Generic.Dictionary`2[System.Int32,LeakyApp.Session]", holders);
        var profile = ProfileReader.ReadFile(output);
        Assert.Equal(
            ["inuse_objects/count", "inuse_space/bytes", "retained_space/bytes"], profile.SampleTypes.Select(t => t.ToString()));
        var goReport = CollectorCli.GoToolPprof(output, "-top", "-cum", "-nodecount=30");
        Assert.Contains("[static] LeakyApp.ConfigEvents.Changed: System.EventHandler", goReport, StringComparison.Ordinal);
    }

    /// <summary>A service redeployed in place: its assembly's file was replaced after it loaded it.</summary>
    [Fact]
    public void Statics_are_named_when_the_apps_assembly_was_deleted_since_it_was_loaded()
    {
        var deployed = Directory.CreateDirectory(Path.Combine(_scratch, "deployed")).FullName;
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "LeakyApp.*"))
        {
            File.Copy(file, Path.Combine(deployed, Path.GetFileName(file)));
        }

        using var redeployed = new TestAppProcess("LeakyApp", [], directory: deployed);
        File.Delete(Path.Combine(deployed, "LeakyApp.dll"));
        var output = Path.Combine(_scratch, "redeployed.heap.pb.gz");

        var run = CollectorCli.Run("collect", "heap", "-p", $"{redeployed.ProcessId}", "-o", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains(CollectorCli.ReportRows(output, "-top", "-cum", "-sample_index=inuse_space").Take(3),
            row => row.StartsWith("[static] LeakyApp.SessionCache.Sessions: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Top_cum_names_the_holder_of_every_leak_by_size()
    {
        var output = Path.Combine(_scratch, "leaky.holders.pb.gz");

        var run = CollectorCli.Run("collect", "heap", "-p", $"{app.ProcessId}", "-o", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var rows = CollectorCli.ReportRows(output, "-top", "-cum", "-sample_index=inuse_space", "-nodecount=40");
        int Rank(string prefix)
        {
            var rank = rows.FindIndex(row => row.StartsWith(prefix, StringComparison.Ordinal));
            Assert.True(rank >= 0, $"no {prefix} among:\n{string.Join('\n', rows)}");
            return rank;
        }

        // The cache (32 KiB a request), the buffer that doubled to 4 MiB, the event's subscribers, the threads' stacks.
        var cache = Rank("[static] LeakyApp.SessionCache.Sessions: ");
        var buffer = Rank("[static] LeakyApp.GrowingBuffer._buffer: System.Byte[]");
        var subscribers = Rank("[static] LeakyApp.ConfigEvents.Changed: System.EventHandler");
        Rank("[stack]");
        Assert.True(cache < buffer && buffer < subscribers, string.Join('\n', rows));
    }

    [Fact]
    public void Statics_are_named_with_their_class_or_the_classes_that_could_hold_them()
    {
        var output = Path.Combine(_scratch, "leaky.statics.pb.gz");

        var run = CollectorCli.Run("collect", "heap", "-p", $"{app.ProcessId}", "-o", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var rows = CollectorCli.ReportRows(output, "-top", "-cum", "-sample_index=inuse_space", "-nodecount=300", "-nodefraction=0");
        Assert.Contains(rows, row => row.StartsWith("[static] LeakyApp.SessionCache.Sessions: System.Collections.Generic.Dictionary`2", StringComparison.Ordinal));
        Assert.Contains("[static] LeakyApp.AuditLog.Sessions: System.Collections.Generic.List`1[System.Int32]", rows);
        Assert.Contains("[static] LeakyApp.Clock.Tick or LeakyApp.Heartbeat.Tick: System.EventHandler", rows);
        Assert.DoesNotContain(rows, row => row.StartsWith("[static] Sessions", StringComparison.Ordinal));
    }

    [Fact]
    public void Retained_space_names_the_dictionary_that_keeps_the_sessions()
    {
        var output = Path.Combine(_scratch, "leaky.retained.pb.gz");

        var run = CollectorCli.Run("collect", "heap", "-p", $"{app.ProcessId}", "-o", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        const string Cache = "System.Collections.Generic.Dictionary`2[System.Int32,LeakyApp.Session]";
        Assert.Equal(Cache, CollectorCli.ReportRows(output, "-sample_index=retained_space", "-top")[0]);
        var profile = ProfileReader.ReadFile(output);
        var total = Totals(profile);
        Assert.Equal(total[1], total[2]);
        var cache = Totals(profile, Cache);
        Assert.True(cache[2] > total[2] / 2, $"the cache retains {cache[2]} of {total[2]} bytes");
        Assert.True(cache[2] > 10 * cache[1], $"the cache retains {cache[2]} bytes but is {cache[1]}");
        Assert.Contains(Cache, CollectorCli.GoToolPprof(output, "-sample_index=retained_space", "-top"), StringComparison.Ordinal);
    }

    /// <summary>The values of the samples whose leaf frame is <paramref name="leaf"/> (all samples when null), added up.</summary>
    private static long[] Totals(Profile profile, string? leaf = null)
    {
        var totals = new long[profile.SampleTypes.Count];
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            if (leaf is null || profile.Locations[cursor.Stack[0]].Lines[0].Function?.Name == leaf)
            {
                for (var i = 0; i < totals.Length; i++)
                {
                    totals[i] += cursor.Values[i];
                }
            }
        }

        return totals;
    }
}
