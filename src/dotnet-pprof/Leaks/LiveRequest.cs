using Pprof.Collector;
using Pprof.Leaks;

namespace DotnetPprof.Leaks;

/// <summary>A live <c>leaks</c> command line: which target, how often, how many samples, where the files go.</summary>
/// <param name="Strings">With -p: also read the duplicate strings of the heap at each sample (ClrMD, ptrace).</param>
internal sealed record LiveRequest(
    int? ProcessId, IReadOnlyList<string> Urls, TimeSpan Every, int Count, TimeSpan Warmup, string? Output, bool Strings = false)
{
    public int Run(LeaksRequest report, Stream stdout, TextWriter stderr, bool showProgress)
    {
        try
        {
            if (ProcessId is { } id)
            {
                var sampler = new ProcessSampler(DotnetProcesses.ById(id), Strings);
                return Series(sampler).Run(report, stdout, stderr, showProgress);
            }

            using var urlSampler = new UrlSampler([.. Urls.Select(ParseUrl)]);
            return Series(urlSampler).Run(report, stdout, stderr, showProgress);
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

    private LiveSeries Series(ILiveSampler sampler) => new(sampler, Every, Count, Warmup, Output, TimeProvider.System);

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new LeakInputException($"-url {text}: not an http or https URL, such as http://localhost:6060/debug/pprof/heap");
}
