using Pprof.Driver;
using Pprof.Profiles;
using Pprof.Reports;
using Pprof.Web;

namespace DotnetPprof;

/// <summary><c>-http</c>: the driver's loaded profile and options handed to the web interface, its failures told as the driver tells them.</summary>
internal static class WebCommand
{
    public static int Serve(Profile profile, ReportOptions options, WebRequest request, TextWriter log)
    {
        var settings = new WebUiSettings(profile, options, request.Address, request.Title)
        {
            OpenBrowser = request.OpenBrowser ? WebBrowser.TryOpen : null,
            Log = log,
            Comparison = request.Apart is { } apart ? new ProfileComparison(apart.Bases, apart.Sources) { BaseLabelledInProfile = request.BaseLabelled } : null,
            Series = [.. request.Sources.Where(File.Exists)],
        };
        try
        {
            return WebUi.RunAsync(settings).GetAwaiter().GetResult();
        }
        catch (WebUiException error) when (error.IsUsageMistake)
        {
            throw new UsageException(error.Message);
        }
        catch (WebUiException error)
        {
            throw new OutputException(error.Message);
        }
    }
}
