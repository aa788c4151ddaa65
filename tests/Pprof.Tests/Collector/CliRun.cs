namespace Pprof.Tests.Collector;

/// <summary>How a run of the CLI ended: its exit status and what it printed.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
