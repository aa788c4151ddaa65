using Pprof.Leaks;

namespace DotnetPprof.Leaks;

/// <summary>One <c>leaks</c> command line over files, run: load, analyse, print; the exit status.</summary>
internal sealed record LeaksRequest(
    IReadOnlyList<string> Files, LeakAnalysisOptions Options, bool Json, string? FailOn, string? SvgPath = null, string? PngPath = null)
{
    public const int FoundExitCode = 3;

    /// <summary>A file of a Go program's gctrace lines to read beside the profiles.</summary>
    public string? GcTracePath { get; init; }

    public int Run(Stream stdout, TextWriter stderr)
    {
        try
        {
            return Report(Analyse(SeriesLoader.Load(Files)), stdout);
        }
        catch (LeakInputException error)
        {
            stderr.WriteLine($"dotnet-pprof leaks: {error.Message}");
            return 1;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"dotnet-pprof leaks: cannot write the picture: {error.Message}");
            return 1;
        }
    }

    /// <summary>The report of these digests (and of the gctrace file, when given).</summary>
    public LeakReport Analyse(IReadOnlyList<ProfileDigest> digests) =>
        new LeakAnalysis(Options).Analyse(digests, GcTracePath is null ? null : GoGcTrace.Read(GcTracePath));

    /// <summary>Prints the report (and writes its picture); 3 when <c>-fail_on</c> asked for it and it applies.</summary>
    public int Report(LeakReport report, Stream stdout)
    {
        ChartFiles.Write(report, SvgPath, PngPath);
        if (Json)
        {
            JsonReportWriter.Write(report, stdout);
            stdout.WriteByte((byte)'\n');
        }
        else
        {
            using var writer = new StreamWriter(stdout, leaveOpen: true) { NewLine = "\n" };
            TextReportWriter.Write(report, Options.Thresholds, writer);
        }

        stdout.Flush();
        var failing = FailOn switch
        {
            "leak" => report.HasLeak,
            "growing" => report.Has(Verdict.Leak, Verdict.Growing),
            _ => false,
        };
        return failing ? FoundExitCode : 0;
    }
}
