using Pprof.Collector;
using Pprof.Leaks;

namespace DotnetPprof.Leaks;

/// <summary>A live <c>leaks</c> command line: which target, how often, how many samples, where the files go.</summary>
/// <param name="Strings">With -p: also read the duplicate strings of the heap at each sample (ClrMD, ptrace).</param>
internal sealed record LiveRequest(
    int? ProcessId, IReadOnlyList<string> Urls, TimeSpan Every, int Count, TimeSpan Warmup, string? Output, bool Strings = false)
{
    /// <summary><c>-http</c>: also serve the web UI over the series as it comes, on this address.</summary>
    public LiveWebRequest? Web { get; init; }

    public int Run(LeaksRequest report, Stream stdout, TextWriter stderr, bool showProgress) => Guarded(stderr, () =>
    {
        if (ProcessId is { } id)
        {
            return Take(new ProcessSampler(DotnetProcesses.ById(id), Strings), report, stdout, stderr, showProgress);
        }

        using var urlSampler = new UrlSampler([.. Urls.Select(ParseUrl)]);
        return Take(urlSampler, report, stdout, stderr, showProgress);
    });

    /// <summary>Runs <paramref name="take"/>, telling its failures in one line each: the exit status.</summary>
    public static int Guarded(TextWriter stderr, Func<int> take)
    {
        try
        {
            return take();
        }
        catch (Exception error) when (error is CollectorException or LeakInputException)
        {
            stderr.WriteLine($"dotnet-pprof leaks: {error.Message}");
            return 1;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"dotnet-pprof leaks: cannot write the series: {error.Message}");
            return 1;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            stderr.WriteLine($"dotnet-pprof leaks: internal error while taking the series: {string.Join(' ', error.Message.Split('\n'))}");
            return 1;
        }
    }

    private int Take(ILiveSampler sampler, LeaksRequest report, Stream stdout, TextWriter stderr, bool showProgress)
    {
        var series = new LiveSeries(sampler, Every, Count, Warmup, Output, TimeProvider.System);
        return Web is { } web
            ? web.Serve(series, Count, report, stdout, stderr, showProgress)
            : series.Run(report, stdout, stderr, showProgress);
    }

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new LeakInputException($"-url {text}: not an http or https URL, such as http://localhost:6060/debug/pprof/heap");
}
