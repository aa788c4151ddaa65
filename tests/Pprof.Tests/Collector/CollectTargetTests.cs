using System.Diagnostics;
using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Tests.Collector;

/// <summary>Finding the process: <c>ps</c> lists LeakyApp, and a wrong target fails with one line.</summary>
[Collection(LeakyAppCollection.Name)]
public sealed class CollectTargetTests(LeakyAppFixture app)
{
    [Fact]
    public void Ps_lists_the_app_with_its_name()
    {
        var run = CollectorCli.Run("ps");

        Assert.Equal(0, run.ExitCode);
        var row = Assert.Single(run.Stdout.Split('\n'), line => line.TrimStart().StartsWith($"{app.ProcessId} ", StringComparison.Ordinal));
        Assert.Contains(" LeakyApp ", row, StringComparison.Ordinal);
        Assert.Contains("LeakyApp.dll", row, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "dotnet", "dotnet build tests/Pprof.Tests -c Release", true)]
    [InlineData(2, "dotnet", "dotnet run --project samples/LeakyService", true)]
    [InlineData(3, "MSBuild", "/usr/share/dotnet/dotnet /usr/share/dotnet/sdk/10.0.401/MSBuild.dll /nodemode:1", true)]
    [InlineData(4, "csc", "/usr/share/dotnet/sdk/10.0.401/Roslyn/bincore/csc /noconfig @/tmp/x.rsp", true)]
    [InlineData(5, "LeakyService", "/work/app/bin/Debug/net10.0/LeakyService", false)]
    [InlineData(6, "LeakyApp", "dotnet /work/app/LeakyApp.dll", false)]
    [InlineData(7, "dotnet", "dotnet", false)]
    public void Ps_tells_the_sdks_own_processes_from_apps(int id, string name, string commandLine, bool sdk) =>
        Assert.Equal(sdk, new Pprof.Collector.DotnetProcess(id, name, commandLine).IsSdk);

    [Fact]
    public void Ps_all_lists_the_app_too()
    {
        var run = CollectorCli.Run("ps", "--all");

        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.Stdout.Split('\n'), line => line.TrimStart().StartsWith($"{app.ProcessId} ", StringComparison.Ordinal));
        Assert.DoesNotContain("not listed", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_process_id_that_does_not_exist_fails_with_one_line()
    {
        var run = CollectorCli.Run("collect", "allocs", "-p", "2147483646", "--duration", "1s");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("2147483646", Assert.Single(run.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_process_that_is_not_dotnet_fails_with_one_line()
    {
        using var sleep = Process.Start("sleep", ["60"]);
        try
        {
            var run = CollectorCli.Run("collect", "allocs", "-p", $"{sleep.Id}", "--duration", "1s");

            Assert.Equal(1, run.ExitCode);
            Assert.Equal("", run.Stdout);
            Assert.Contains("not a .NET process", Assert.Single(run.StderrLines), StringComparison.Ordinal);
        }
        finally
        {
            sleep.Kill();
        }
    }

    /// <summary>
    /// A runtime that died without removing its diagnostic socket leaves it in /tmp; once its process id is reused,
    /// the new process must not pass for .NET (this made the test above fail once: "cannot start tracing process").
    /// </summary>
    [Fact]
    public void A_socket_left_by_a_dead_runtime_does_not_make_the_process_that_reuses_its_id_dotnet()
    {
        using var sleep = Process.Start("sleep", ["60"]);
        var startTime = Pprof.Collector.DiagnosticPorts.StartTime(sleep.Id) ?? throw new InvalidOperationException($"no start time for {sleep.Id}");
        var stale = Path.Combine(Path.GetTempPath(), $"dotnet-diagnostic-{sleep.Id}-{startTime + 1}-socket");
        File.WriteAllText(stale, "");
        try
        {
            var ps = CollectorCli.Run("ps", "--all");
            var collect = CollectorCli.Run("collect", "allocs", "-p", $"{sleep.Id}", "--duration", "1s");

            Assert.Equal(0, ps.ExitCode);
            Assert.DoesNotContain(ps.Stdout.Split('\n'), line => line.TrimStart().StartsWith($"{sleep.Id} ", StringComparison.Ordinal));
            Assert.Equal(1, collect.ExitCode);
            Assert.Contains("not a .NET process", Assert.Single(collect.StderrLines), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(stale);
            sleep.Kill();
        }
    }

    [Fact]
    public void A_live_runtime_is_found_by_its_socket_and_start_time()
    {
        var folder = Directory.CreateTempSubdirectory("pprof-ports-").FullName;
        var self = Environment.ProcessId;
        var startTime = Pprof.Collector.DiagnosticPorts.StartTime(self) ?? throw new InvalidOperationException("no start time for this process");
        try
        {
            File.WriteAllText(Path.Combine(folder, $"dotnet-diagnostic-{self}-{startTime}-socket"), "");
            File.WriteAllText(Path.Combine(folder, $"dotnet-diagnostic-{self + 1}-{startTime}-socket"), "");
            File.WriteAllText(Path.Combine(folder, "dotnet-diagnostic-notanid-1-socket"), "");

            Assert.Equal([self], Pprof.Collector.DiagnosticPorts.Published(folder, id => id == self ? startTime : null));
            Assert.Contains(self, Pprof.Collector.DiagnosticPorts.Published());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("allocs")]
    [InlineData("cpu")]
    public void A_process_that_exits_during_the_collection_leaves_what_was_collected(string kind)
    {
        var output = Path.Combine(Path.GetTempPath(), $"pprof-exited-{Environment.ProcessId}-{kind}.pb.gz");
        using var leaving = new LeakyAppFixture(["--exit-on-input"]);
        string[] args = ["collect", kind, "-p", $"{leaving.ProcessId}", "--duration", "1h", "-o", output];
        try
        {
            using var cli = CollectorCli.Start(args);
            CollectorCli.WaitUntilTracing(cli);
            leaving.Exit();
            var run = CollectorCli.Finish(cli, args);

            Assert.Equal(1, run.ExitCode);
            Assert.Equal("", run.Stdout);
            var message = Assert.Single(run.StderrLines);
            Assert.Contains($"process {leaving.ProcessId} exited", message, StringComparison.Ordinal);
            Assert.Contains(output, message, StringComparison.Ordinal);
            // How many samples it has depends on how long the app ran: the CPU one may have none.
            Assert.NotEmpty(ProfileReader.ReadFile(output).SampleTypes);
            Assert.Contains("exited", CollectorCli.GoToolPprof(output, "-comments"), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Theory]
    [InlineData("collect", "allocs")]
    [InlineData("collect", "nosuchkind", "-p", "1")]
    [InlineData("collect", "allocs", "-p", "1", "--duration", "soon")]
    [InlineData("collect", "allocs", "-p", "1", "--format", "svg")]
    [InlineData("collect", "gc", "-p", "1", "--format", "pprof")]
    [InlineData("collect", "threads", "-p", "1", "--alloc-stacks")]
    [InlineData("collect", "allocs", "-p", "1", "--format", "dump")]
    [InlineData("collect", "heap", "-p", "-o", "heap.pb.gz")]
    [InlineData("collect", "heap", "-n", "app", "--alloc-stacks", "sometimes")]
    public void A_usage_mistake_exits_2_with_one_line(params string[] args)
    {
        var run = CollectorCli.Run(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.StderrLines);
    }
}
