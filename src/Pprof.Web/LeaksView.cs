using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using Pprof.Leaks;

namespace Pprof.Web;

/// <summary>
/// <c>/ui/leaks</c>, when given two or more profile files: <c>dotnet-pprof leaks</c> on them as a series, its report and
/// its picture of memory over time. The filters of the other views do not apply: the series is judged as a whole.
/// </summary>
internal sealed class LeaksView(ViewContext context)
{
    public const int MinimumSeries = 2;

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/leaks", context.Page("leaks", Page));
        app.MapGet("/ui/api/leaks.svg", context.Api(_ => (Encoding.UTF8.GetBytes(MemoryChart.Svg(Report())), "image/svg+xml")));
    }

    private string Page(ViewQuery query, IQueryCollection raw)
    {
        var report = Report();
        using var text = new StringWriter { NewLine = "\n" };
        TextReportWriter.Write(report, new LeakThresholds(), text);
        var (width, height) = MemoryChart.Size;
        return $"<p class=\"hint\">The {context.Settings.Series.Count} profiles given, as dotnet-pprof leaks reads them: each on its own, in time order, with its defaults; the filters above do not apply here.</p>\n" +
            $"<img class=\"leaks\" alt=\"memory over time\" width=\"{width}\" height=\"{height}\" src=\"api/leaks.svg\">\n" +
            $"<pre class=\"report\">{PageWriter.Encode(text.ToString())}</pre>\n";
    }

    private LeakReport Report()
    {
        var files = context.Settings.Series;
        if (files.Count < MinimumSeries)
        {
            throw new ViewUnavailableException("no series of profiles: give two or more profile files of one process, such as dotnet-pprof -http=:8080 heap.*.pb.gz");
        }

        return context.Cache.Get("leaks", "", () =>
        {
            try
            {
                return new LeakAnalysis(new LeakAnalysisOptions()).Analyse(SeriesLoader.Load(files));
            }
            catch (LeakInputException error)
            {
                throw new ViewUnavailableException("the profiles given are not a series dotnet-pprof leaks can judge: " + error.Message);
            }
        });
    }
}
