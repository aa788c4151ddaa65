using System.Diagnostics;
using Pprof.Leaks;

namespace DotnetPprof.Leaks;

/// <summary>
/// Writes the series' picture: <c>-svg FILE</c> as is, <c>-png FILE</c> rendered from the same SVG by a headless
/// Chromium (the <c>chromium</c> on the PATH).
/// </summary>
internal static class ChartFiles
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromMinutes(1);

    public static void Write(LeakReport report, string? svgPath, string? pngPath)
    {
        if (svgPath is null && pngPath is null)
        {
            return;
        }

        var svg = MemoryChart.Svg(report);
        if (svgPath is not null)
        {
            File.WriteAllText(svgPath, svg);
        }

        if (pngPath is not null)
        {
            Render(svg, Path.GetFullPath(pngPath));
        }
    }

    private static void Render(string svg, string pngPath)
    {
        var source = Path.Combine(Path.GetTempPath(), $"dotnet-pprof-leaks-{Environment.ProcessId}.svg");
        File.WriteAllText(source, svg);
        try
        {
            var start = new ProcessStartInfo("chromium")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
                ArgumentList =
                {
                    "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars", $"--screenshot={pngPath}",
                    $"--window-size={MemoryChart.Size.Width},{MemoryChart.Size.Height}", new Uri(source).AbsoluteUri,
                },
            };
            using var chromium = Process.Start(start) ?? throw new LeakInputException("-png: chromium did not start");
            var errors = chromium.StandardError.ReadToEndAsync();
            chromium.StandardOutput.ReadToEnd();
            if (!chromium.WaitForExit(RenderTimeout))
            {
                chromium.Kill(entireProcessTree: true);
                throw new LeakInputException($"-png {pngPath}: chromium did not finish within {RenderTimeout.TotalSeconds:0} s");
            }

            if (chromium.ExitCode != 0 || !File.Exists(pngPath))
            {
                throw new LeakInputException($"-png {pngPath}: chromium could not render the picture (exit {chromium.ExitCode}); -svg writes it without chromium");
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new LeakInputException("-png needs chromium on the PATH to render the picture; -svg writes it without");
        }
        finally
        {
            File.Delete(source);
        }
    }
}
