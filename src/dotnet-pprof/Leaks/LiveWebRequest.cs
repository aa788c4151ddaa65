using Pprof.Driver;
using Pprof.Leaks;
using Pprof.Web;

namespace DotnetPprof.Leaks;

/// <summary>
/// <c>leaks -p PID -http=ADDR</c>: the web UI over the series while it is taken. The series starts once the server
/// listens; when it ends, its report is printed as without <c>-http</c> and the server goes on until Ctrl+C, which
/// also ends a series still being taken.
/// </summary>
internal sealed record LiveWebRequest(string Address, bool OpenBrowser)
{
    public int Serve(LiveSeries series, int count, LeaksRequest report, Stream stdout, TextWriter stderr, bool showProgress)
    {
        var live = new LiveLeakSeries(series.Target, count, report.Options) { GcTracePath = report.GcTracePath };
        using var stop = new CancellationTokenSource();
        Task<int>? taking = null;
        var settings = WebUiSettings.Live(live, Address) with
        {
            OpenBrowser = OpenBrowser ? WebBrowser.TryOpen : null,
            Log = stderr,
            Listening = _ => taking = Task.Run(() => LiveRequest.Guarded(stderr, () =>
            {
                try
                {
                    return series.Run(report, stdout, stderr, showProgress, live, stop.Token);
                }
                finally
                {
                    live.End();
                }
            })),
        };
        try
        {
            WebUi.RunAsync(settings).GetAwaiter().GetResult();
        }
        catch (WebUiException error)
        {
            stderr.WriteLine($"dotnet-pprof leaks: {error.Message}");
            return error.IsUsageMistake ? 2 : 1;
        }
        finally
        {
            stop.Cancel();
        }

        return taking?.GetAwaiter().GetResult() ?? 1;
    }
}
