using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Pprof.Reports;

/// <summary>
/// Pictures of the call graph (<c>-svg</c>, <c>-png</c>, <c>-pdf</c>, <c>-gif</c>, <c>-ps</c>, <c>-web</c>): the
/// <c>-dot</c> report drawn by Graphviz's <c>dot</c>, run as a child process that reads the graph on its input.
/// </summary>
internal static class GraphvizRenderer
{
    private const string MissingGraphviz =
        "drawing the graph needs Graphviz's dot program, which is not on PATH: install Graphviz " +
        "(apt-get install graphviz, brew install graphviz, or see https://graphviz.org/download) and try again";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Writes the report's graph as a picture in Graphviz's <paramref name="format"/>; an SVG can pan and zoom.</summary>
    public static void Write(Stream output, Report report, string title, string format)
    {
        using var dot = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        DotReport.Write(dot, report, title);
        var picture = Render(dot.ToString(), format);
        if (format == "svg")
        {
            picture = Encoding.UTF8.GetBytes(SvgPanZoom.Inject(Encoding.UTF8.GetString(picture)));
        }

        output.Write(picture);
    }

    /// <summary>Runs <c>dot -T<paramref name="format"/></c> on a graph; gives up, stopping dot, after a minute.</summary>
    public static byte[] Render(string graph, string format)
    {
        var start = new ProcessStartInfo("dot")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = LosslessUtf8.Instance,
        };
        start.ArgumentList.Add("-T" + format);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ReportException(MissingGraphviz);
        }
        catch (Win32Exception)
        {
            throw new ReportException(MissingGraphviz);
        }

        using (process)
        {
            using var picture = new MemoryStream();
            var reading = process.StandardOutput.BaseStream.CopyToAsync(picture);
            var errors = process.StandardError.ReadToEndAsync();
            var feeding = Task.Run(() => Feed(process.StandardInput, graph));
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new ReportException(string.Create(CultureInfo.InvariantCulture,
                    $"dot -T{format} did not finish within {Timeout.TotalSeconds} seconds and was stopped"));
            }

            Task.WaitAll(reading, errors, feeding);
            if (process.ExitCode != 0)
            {
                var reason = errors.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
                throw new ReportException(string.Create(CultureInfo.InvariantCulture,
                    $"dot -T{format} failed with exit status {process.ExitCode}{(reason is null ? "" : ": " + reason)}"));
            }

            return picture.ToArray();
        }
    }

    private static void Feed(StreamWriter input, string graph)
    {
        try
        {
            input.Write(graph);
            input.Close();
        }
        catch (IOException)
        {
            // dot stopped reading, so it has failed: its exit status and message tell why.
        }
    }
}
