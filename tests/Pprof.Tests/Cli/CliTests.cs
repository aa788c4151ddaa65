using System.Diagnostics;
using Pprof.Profiles;
using Pprof.Sources;
using Pprof.Tests.Collector;
using Pprof.Tests.Support;

namespace Pprof.Tests.Cli;

/// <summary>The built <c>dotnet-pprof</c> run as a process: what a user sees on the terminal and how it exits.</summary>
public sealed class CliTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-cli-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Top_of_a_heap_profile_prints_what_go_tool_pprof_prints()
    {
        var result = Run("-top", "gobmap.heap.4.pb.gz");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Golden.AssertMatches(Path.Combine(TestData.Expected, "gobmap.heap.4.top.txt"), result.Stdout);
    }

    [Fact]
    public void Without_an_output_format_the_shell_reads_commands_from_standard_input()
    {
        var result = RunWithInput("top3\nsample_index=alloc_space\ntop2 -cum\nquit\n", "gobmap.heap.4.pb.gz");

        Assert.Equal(0, result.ExitCode);
        var stdout = System.Text.Encoding.UTF8.GetString(result.Stdout);
        Assert.StartsWith("(pprof) Showing nodes accounting for 4MB, 72.73% of 5.50MB total\nShowing top 3 nodes out of 21\n", stdout);
        Assert.Contains("      flat  flat%   sum%        cum   cum%\n", stdout);
        Assert.Contains("Showing top 2 nodes out of 77", stdout);
        Assert.Contains("Entering interactive mode", result.Stderr);
    }

    [Theory]
    [InlineData("missing.pb.gz")]
    [InlineData("empty.pb.gz")]
    [InlineData("truncated.pb.gz")]
    [InlineData("notes.txt")]
    public void Unreadable_source_fails_with_one_line_naming_it(string name)
    {
        var path = Path.Combine(_scratch, name);
        var profile = File.ReadAllBytes(TestData.File("gobmap.heap.4.pb.gz"));
        switch (name)
        {
            case "empty.pb.gz": File.WriteAllBytes(path, []); break;
            case "truncated.pb.gz": File.WriteAllBytes(path, profile[..(profile.Length / 2)]); break;
            case "notes.txt": File.WriteAllText(path, "Shopping list:\n- milk\n- a faster allocator\n"); break;
        }

        var result = Run("-top", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.StderrLines);
        Assert.Contains(path, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-top", "-nosuchflag", "gobmap.heap.4.pb.gz")]
    [InlineData("-top")]
    public void Usage_mistake_exits_2_with_one_line(params string[] args)
    {
        var result = Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Single(result.StderrLines);
    }

    [Theory]
    [InlineData("-help")]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Help_asked_for_goes_to_standard_output_with_the_flags_and_the_collector_commands(string ask)
    {
        var result = Run(ask);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        var help = System.Text.Encoding.UTF8.GetString(result.Stdout);
        Assert.Contains("-sample_index", help, StringComparison.Ordinal);
        Assert.Contains("-diff_base", help, StringComparison.Ordinal);
        Assert.Contains("-nodecount", help, StringComparison.Ordinal);
        Assert.Contains("dotnet-pprof ps ", help, StringComparison.Ordinal);
        Assert.Contains("dotnet-pprof collect ", help, StringComparison.Ordinal);
        Assert.Contains("dotnet-pprof leaks ", help, StringComparison.Ordinal);
        Assert.Contains("dotnet-pprof push ", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_arguments_the_usage_goes_to_standard_error_with_status_2()
    {
        var result = Run();

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("dotnet-pprof collect ", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-ignore", ".", "Nothing to show: no inuse_space is left after the filters ignore=.")]
    [InlineData("-hide", ".", "Nothing to show: no inuse_space is left after the filters hide=.")]
    [InlineData("-focus", "nosuchfunction", "Focus expression matched no samples")]
    [InlineData("-base", "gobmap.heap.4.pb.gz", "Nothing to show: the profile has no inuse_space")]
    public void An_empty_report_says_why_on_standard_error_and_prints_what_go_tool_pprof_prints(string flag, string value, string why)
    {
        var result = Run("-top", flag, value, "gobmap.heap.4.pb.gz");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(why, Assert.Single(result.StderrLines));
        var goReport = CollectorCli.GoToolPprof(TestData.File("gobmap.heap.4.pb.gz"), "-top", flag, value.EndsWith(".pb.gz", StringComparison.Ordinal) ? TestData.File(value) : value);
        Assert.Equal(goReport, System.Text.Encoding.UTF8.GetString(result.Stdout));
    }

    [Fact]
    public void Web_without_a_browser_says_so_and_exits_1()
    {
        // dot draws the graph; nothing on this PATH or in $BROWSER can show it.
        var bin = Directory.CreateDirectory(Path.Combine(_scratch, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "dot"), FindOnPath("dot"));
        var environment = new Dictionary<string, string> { ["PATH"] = bin, ["BROWSER"] = "false", ["TMPDIR"] = _scratch };

        var result = RunWith(environment, ["-web", "gobmap.heap.4.pb.gz"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.StderrLines);
        Assert.Contains("could not open a web browser", line, StringComparison.Ordinal);
        var picture = Assert.Single(Directory.GetFiles(_scratch, "pprof*.svg"));
        Assert.Contains(picture, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Proto_output_reads_back_with_the_same_samples()
    {
        var output = Path.Combine(_scratch, "out.pb.gz");

        var result = Run("-proto", "-output", output, "gobmap.heap.4.pb.gz");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            SampleSummary(ProfileReader.ReadFile(TestData.File("gobmap.heap.4.pb.gz"))),
            SampleSummary(ProfileReader.ReadFile(output)));
    }

    [Theory]
    [InlineData("-svg")]
    [InlineData("-png")]
    public void Picture_without_graphviz_fails_with_one_line_saying_how_to_install_it(string flag)
    {
        var emptyPath = Directory.CreateDirectory(Path.Combine(_scratch, "empty-path")).FullName;

        var result = RunWith(new Dictionary<string, string> { ["PATH"] = emptyPath }, [flag, "gobmap.heap.4.pb.gz"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.StderrLines);
        Assert.Contains("Graphviz", line, StringComparison.Ordinal);
        Assert.Contains("apt-get install graphviz", line, StringComparison.Ordinal);
        Assert.Contains("brew install graphviz", line, StringComparison.Ordinal);
    }

    /// <summary>Each distinct stack (as function names and lines) and label set with its summed values, sorted.</summary>
    private static List<string> SampleSummary(Profile profile)
    {
        var sums = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var frames = new List<string>();
            foreach (var index in cursor.Stack)
            {
                frames.AddRange(profile.Locations[index].Lines.Select(l => $"{l.Function?.Name}:{l.Number}"));
            }

            var labels = new List<string>();
            foreach (var label in cursor.Labels)
            {
                labels.Add(ProfileDescription.Describe(label));
            }

            var key = $"{string.Join(" < ", frames)} {{{string.Join(", ", labels)}}}";
            if (!sums.TryGetValue(key, out var values))
            {
                sums[key] = values = new long[cursor.Values.Length];
            }

            for (var i = 0; i < values.Length; i++)
            {
                values[i] += cursor.Values[i];
            }
        }

        return [.. sums.Select(s => $"{s.Key} = {string.Join(" ", s.Value)}").Order(StringComparer.Ordinal)];
    }

    private static string FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{program} is not on the PATH: install it (.ci/run does)");

    private static CliResult Run(params string[] args) => RunWith(new Dictionary<string, string>(), args);

    private static CliResult RunWithInput(string input, params string[] args) => RunWith(new Dictionary<string, string>(), args, input);

    /// <summary>
    /// Runs the CLI in testdata/go, in UTC, as a user would from a terminal, with <paramref name="environment"/> set;
    /// no stack trace may reach the user.
    /// </summary>
    private static CliResult RunWith(IReadOnlyDictionary<string, string> environment, string[] args, string? input = null)
    {
        var start = new ProcessStartInfo(CollectorCli.DotnetHost())
        {
            WorkingDirectory = TestData.Go,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dotnet-pprof.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TZ"] = "UTC";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-pprof did not start");
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        using var stdout = new MemoryStream();
        var copyStdout = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var readStderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet-pprof {string.Join(' ', args)} did not finish within {Timeout}");
        }

        Task.WaitAll(copyStdout, readStderr);
        var result = new CliResult(process.ExitCode, stdout.ToArray(), readStderr.Result);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        return result;
    }

    private sealed record CliResult(int ExitCode, byte[] Stdout, string Stderr)
    {
        public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
