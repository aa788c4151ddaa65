using System.Globalization;
using System.Net;
using System.Text;

namespace Pprof.Leaks;

/// <summary>
/// The series as a picture (SVG, the same bytes for the same report): the heap, GC committed and RSS over time as lines, the top
/// growing keys of the first byte table as stacked areas, the start of the second half (the warm-up cut the
/// verdicts use) as a dashed line, and each STEP's jump as a marker.
/// </summary>
public static class MemoryChart
{
    private const int Width = 960;
    private const int Height = 480;
    private const int Left = 90;
    private const int Right = 280;
    private const int Top = 40;
    private const int Bottom = 50;
    private const int StackedKeys = 5;
    private static readonly string[] Fills = ["#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"];

    /// <summary>The picture's size in pixels.</summary>
    public static (int Width, int Height) Size => (Width, Height);

    public static string Svg(LeakReport report)
    {
        var heap = report.Series.FirstOrDefault(s => !s.Counts) ?? report.Series[0];
        var table = report.Groups.FirstOrDefault(g => !g.Counts && g.Rows.Count > 0);
        var minutes = heap.Minutes;
        var stacked = table?.Rows.Where(r => r.Verdict is Verdict.Leak or Verdict.Growing).Take(StackedKeys).ToList() ?? [];
        var lines = new List<(string Name, IReadOnlyList<double> Values, string Color)> { ("heap", heap.Totals, "#1f77b4") };
        lines.AddRange(report.Memory.Where(m => m.Values.Count == minutes.Count).Select(m => (m.Name, m.Values, LineColor(m.Name))));
        var top = Math.Max(1, lines.Max(l => l.Values.Max()));
        var span = Math.Max(minutes[^1], 1e-9);
        double X(double minute) => Left + ((Width - Left - Right) * minute / span);
        double Y(double value) => Height - Bottom - ((Height - Top - Bottom) * value / top);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        var unit = heap.ByOrder ? "sample" : "min";
        Text(svg, Left, 24, $"memory over {Quantities.Span(heap.Span)} ({Quantities.Count(heap.Samples, "sample")})", "start", 14);
        Axes(svg, top, span, unit, X, Y);

        var baseline = new double[minutes.Count];
        for (var k = 0; k < stacked.Count; k++)
        {
            var row = stacked[k];
            var upper = baseline.Select((b, i) => b + row.Values[i]).ToArray();
            var points = upper.Select((v, i) => Point(X(minutes[i]), Y(v)))
                .Concat(baseline.Select((v, i) => Point(X(minutes[i]), Y(v))).Reverse());
            svg.Append(CultureInfo.InvariantCulture, $"<polygon points=\"{string.Join(' ', points)}\" fill=\"{Fills[k]}\" fill-opacity=\"0.55\" stroke=\"none\"/>\n");
            Legend(svg, k + lines.Count, Fills[k], $"{row.Verdict.ToString().ToUpperInvariant()} {Shorten(row.Name)}", area: true);
            baseline = upper;
        }

        for (var l = 0; l < lines.Count; l++)
        {
            var (name, values, color) = lines[l];
            var points = values.Select((v, i) => Point(X(minutes[i]), Y(v)));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(' ', points)}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{(l > 0 ? " stroke-dasharray=\"6 3\"" : "")}/>\n");
            Legend(svg, l, color, name, area: false);
        }

        var cut = X(minutes[minutes.Count / 2]);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(cut)}\" y1=\"{Top}\" x2=\"{F(cut)}\" y2=\"{Height - Bottom}\" stroke=\"#555\" stroke-dasharray=\"4 4\"/>\n");
        Text(svg, cut + 4, Top + 12, "second half", "start", 11);
        foreach (var step in table?.Rows.Where(r => r.Verdict == Verdict.Step) ?? [])
        {
            var at = StepIndex(step.Values);
            var x = (X(minutes[at]) + X(minutes[at + 1])) / 2;
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{F(x)} {Height - Bottom} l-5 10 h10 z\" fill=\"#555\"/>\n");
            Text(svg, x, Height - Bottom + 34, "step: " + Shorten(step.Name, 24), "middle", 10);
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>GC committed and the GC's heap apart from RSS (and the other readings), which stay green.</summary>
    private static string LineColor(string reading) => reading switch
    {
        MemoryComment.GcCommitted => "#17becf",
        MemoryComment.GcHeap => "#7f7f7f",
        _ => "#2ca02c",
    };

    private static void Axes(StringBuilder svg, double top, double span, string unit, Func<double, double> x, Func<double, double> y)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n");
        var (scale, shown, decimals) = TimeAxis(span, unit);
        for (var tick = 0; tick <= Ticks; tick++)
        {
            var value = top * tick / Ticks;
            Text(svg, Left - 6, y(value) + 4, Quantities.Format(value, false), "end", 11);
            var minute = span * tick / Ticks;
            Text(svg, x(minute), Height - Bottom + 16, Quantities.Fixed(minute * scale, decimals) + " " + shown, "middle", 11);
        }
    }

    private const int Ticks = 4;

    /// <summary>
    /// Seconds for a series shorter than a minute, and as many decimals as it takes for no two ticks to read the same
    /// (a 15 s series in tenths of a minute read "0.1 min" twice).
    /// </summary>
    private static (double Scale, string Unit, int Decimals) TimeAxis(double span, string unit)
    {
        var (scale, shown, fewest) = unit == "min" && span < 1 ? (60.0, "s", 0) : (1.0, unit, 1);
        var decimals = Enumerable.Range(fewest, 4).First(d => d == fewest + 3
            || Enumerable.Range(0, Ticks + 1).Select(t => Quantities.Fixed(span * scale * t / Ticks, d)).Distinct().Count() == Ticks + 1);
        return (scale, shown, decimals);
    }

    private static void Legend(StringBuilder svg, int index, string color, string name, bool area)
    {
        var y = Top + (index * 20);
        var x = Width - Right + 16;
        svg.Append(area
            ? string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y - 9}\" width=\"14\" height=\"10\" fill=\"{color}\" fill-opacity=\"0.55\"/>\n")
            : string.Create(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"{y - 4}\" x2=\"{x + 14}\" y2=\"{y - 4}\" stroke=\"{color}\" stroke-width=\"2\"/>\n"));
        Text(svg, x + 20, y, name, "start", 11);
    }

    private static void Text(StringBuilder svg, double x, double y, string text, string anchor, int size) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{F(x)}\" y=\"{F(y)}\" text-anchor=\"{anchor}\" font-size=\"{size}\">{WebUtility.HtmlEncode(text)}</text>\n");

    private static int StepIndex(IReadOnlyList<double> values)
    {
        var at = 0;
        for (var i = 1; i < values.Count - 1; i++)
        {
            at = values[i + 1] - values[i] > values[at + 1] - values[at] ? i : at;
        }

        return at;
    }

    /// <summary>The end of a long name, which says the most (the type at the end of a path).</summary>
    private static string Shorten(string name, int length = 32) => name.Length <= length ? name : "…" + name[^(length - 1)..];

    private static string Point(double x, double y) => F(x) + "," + F(y);

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
