using System.Globalization;
using System.Xml;
using Pprof.Measurement;

namespace Pprof.Reports;

/// <summary>
/// The <c>-flamegraph</c> report: an interactive SVG that needs neither Graphviz nor a network. The root is at the top
/// and callees hang below their callers (an icicle, as in pprof's web UI); a frame's width is its share of the
/// selected value. Frames are coloured by package; in a comparison, widths are absolute (see
/// <see cref="StackTree.Width"/>) and colours say the net change instead: red grew, green shrank, paler when growth
/// and shrinkage nearly cancel. Hovering shows a frame's full name, value and percentage; clicking zooms into it.
/// </summary>
internal static class FlameGraphReport
{
    private const double ImageWidth = 1200;
    private const double Margin = 10;
    private const double PlotWidth = ImageWidth - 2 * Margin;
    private const double FrameHeight = 18;
    private const double LineHeight = 17;

    // As flamegraph.pl does: a narrower frame could be neither seen nor clicked, and big profiles have thousands.
    private const double MinimumFrameWidth = 0.1;

    private const string Style = """
        text { font-family: Verdana, Arial, sans-serif; font-size: 12px; fill: #000; }
        #title { font-size: 15px; }
        .frame { cursor: pointer; }
        .frame:hover rect { stroke: #000; stroke-width: 0.6; }
        .above { opacity: 0.5; }
        .hidden { display: none; }
        #reset { cursor: pointer; fill: #1a5fb4; text-decoration: underline; }
        """;

    private const string Script = """
        (function () {
          'use strict';
          var svg = document.documentElement;
          var left = Number(svg.getAttribute('data-left'));
          var plotWidth = Number(svg.getAttribute('data-plot-width'));
          var frames = Array.prototype.slice.call(document.querySelectorAll('g.frame'));
          var details = document.getElementById('details');
          var reset = document.getElementById('reset');
          var hint = details.textContent;

          function attribute(frame, name) {
            return Number(frame.getAttribute('data-' + name));
          }

          function place(frame, x, width) {
            ['rect', 'svg'].forEach(function (tag) {
              var element = frame.querySelector(tag);
              element.setAttribute('x', x.toFixed(2));
              element.setAttribute('width', width.toFixed(2));
            });
          }

          // Shows the target at full width with its callees below; its callers stay above, faded.
          function zoom(target) {
            var start = attribute(target, 'start');
            var width = attribute(target, 'width');
            var depth = attribute(target, 'depth');
            frames.forEach(function (frame) {
              var frameStart = attribute(frame, 'start');
              var frameWidth = attribute(frame, 'width');
              var frameDepth = attribute(frame, 'depth');
              var inside = frameDepth >= depth && frameStart >= start && frameStart + frameWidth <= start + width;
              var above = frameDepth < depth && frameStart <= start && frameStart + frameWidth >= start + width;
              frame.classList.toggle('hidden', !inside && !above);
              frame.classList.toggle('above', above);
              if (inside) {
                place(frame, left + (frameStart - start) / width * plotWidth, frameWidth / width * plotWidth);
              } else if (above) {
                place(frame, left, plotWidth);
              }
            });
            reset.classList.toggle('hidden', depth === 0);
          }

          svg.addEventListener('click', function (event) {
            var frame = event.target.closest('g.frame');
            if (frame) {
              zoom(frame);
            }
          });
          reset.addEventListener('click', function () {
            zoom(frames.filter(function (frame) { return attribute(frame, 'depth') === 0; })[0]);
          });
          svg.addEventListener('mouseover', function (event) {
            var frame = event.target.closest('g.frame');
            details.textContent = frame ? frame.querySelector('title').textContent.replace(/\n/g, '   ') : hint;
          });
        })();
        """;

    public static void Write(TextWriter output, Report report)
    {
        var tree = StackTree.Build(report);
        var frames = VisibleFrames(tree);
        var comparison = tree.HasNegativeSamples;
        var header = ReportLabels.ProfileLabels(report);
        var framesTop = Margin + (header.Count + 1) * LineHeight;
        var depth = frames.Count == 0 ? 0 : frames.Max(f => f.Node.Depth) + 1;
        var height = framesTop + depth * FrameHeight + LineHeight + Margin;

        using var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, NewLineChars = "\n", CloseOutput = false });
        xml.WriteStartElement("svg", "http://www.w3.org/2000/svg");
        xml.WriteAttributeString("version", "1.1");
        xml.WriteAttributeString("width", Number(ImageWidth));
        xml.WriteAttributeString("height", Number(height));
        xml.WriteAttributeString("viewBox", $"0 0 {Number(ImageWidth)} {Number(height)}");
        xml.WriteAttributeString("data-left", Number(Margin));
        xml.WriteAttributeString("data-plot-width", Number(PlotWidth));
        xml.WriteElementString("style", Style);
        Rect(xml, 0, 0, ImageWidth, height, "#f8f8f8");
        for (var i = 0; i < header.Count; i++)
        {
            Text(xml, i == 0 ? "title" : null, Margin, Margin + (i + 1) * LineHeight - 4, header[i]);
        }

        Text(xml, "reset", Margin, framesTop - 4, "Reset zoom", "hidden");
        foreach (var (node, start) in frames)
        {
            WriteFrame(xml, report, node, start, tree.Width, framesTop, comparison);
        }

        var hint = frames.Count == 0
            ? "No samples to show."
            : "Hover over a frame for its value, click it to zoom in." + (comparison ? " Red grew, green shrank." : "");
        Text(xml, "details", Margin, height - Margin - 4, hint);
        xml.WriteStartElement("script");
        xml.WriteAttributeString("type", "text/javascript");
        xml.WriteCData(Script);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>The frames wide enough to draw, each with its start: the Σ width of the frames left of it.</summary>
    private static List<(StackTree Node, long Start)> VisibleFrames(StackTree root)
    {
        var visible = new List<(StackTree, long)>();
        if (root.Width == 0)
        {
            return visible;
        }

        var minimum = root.Width * MinimumFrameWidth / PlotWidth;
        var pending = new Stack<(StackTree Node, long Start)>();
        pending.Push((root, 0));
        while (pending.TryPop(out var frame))
        {
            if (frame.Node.Width < minimum)
            {
                continue;
            }

            visible.Add(frame);
            var start = frame.Start;
            foreach (var child in frame.Node.Children)
            {
                pending.Push((child, start));
                start += child.Width;
            }
        }

        return visible;
    }

    private static void WriteFrame(XmlWriter xml, Report report, StackTree node, long start, long total, double top, bool comparison)
    {
        var x = Margin + start * PlotWidth / total;
        var y = top + node.Depth * FrameHeight;
        var width = node.Width * PlotWidth / total;
        xml.WriteStartElement("g");
        xml.WriteAttributeString("class", "frame");
        xml.WriteAttributeString("data-start", start.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("data-width", node.Width.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("data-depth", node.Depth.ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("title", $"{node.Name}\n{report.FormatValue(node.Value)} ({Units.Percentage(node.Value, report.Total).Trim()})");
        Rect(xml, x, y, width, FrameHeight - 1, comparison ? ChangeColor(node) : PackageColor(node));

        // The label sits in its own viewport, which clips it to the frame.
        xml.WriteStartElement("svg");
        xml.WriteAttributeString("x", Number(x));
        xml.WriteAttributeString("y", Number(y));
        xml.WriteAttributeString("width", Number(width));
        xml.WriteAttributeString("height", Number(FrameHeight - 1));
        Text(xml, null, 3, FrameHeight - 5, node.Name);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>A pastel colour that depends only on the frame's package, so that one package looks the same everywhere.</summary>
    private static string PackageColor(StackTree node)
    {
        if (node.Parent is null)
        {
            return "#d8d8d8";
        }

        var hash = Fnv1a(PackageOf(node.Function.Length != 0 ? node.Function : node.Name));
        return Hsl(hash % 360, 45 + hash / 360 % 25, 68 + hash / 9000 % 10);
    }

    private static string ChangeColor(StackTree node)
    {
        var change = (double)node.Value / node.Width;
        var lightness = 92 - 32 * Math.Abs(change);
        return change switch
        {
            > 0 => Hsl(0, 80, lightness),
            < 0 => Hsl(120, 55, lightness),
            _ => "#e0e0e0",
        };
    }

    /// <summary>Go's import path and package (<c>encoding/gob</c>), or the first namespace or class of other languages.</summary>
    private static string PackageOf(string function)
    {
        var afterPath = function.LastIndexOf('/') + 1;
        var end = function.IndexOfAny(['.', ':', '('], afterPath);
        return end > 0 ? function[..end] : function;
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }

    private static string Hsl(double hue, double saturation, double lightness) =>
        $"hsl({Number(hue)},{Number(saturation)}%,{Number(lightness)}%)";

    private static void Rect(XmlWriter xml, double x, double y, double width, double height, string fill)
    {
        xml.WriteStartElement("rect");
        xml.WriteAttributeString("x", Number(x));
        xml.WriteAttributeString("y", Number(y));
        xml.WriteAttributeString("width", Number(width));
        xml.WriteAttributeString("height", Number(height));
        xml.WriteAttributeString("fill", fill);
        xml.WriteEndElement();
    }

    private static void Text(XmlWriter xml, string? id, double x, double y, string text, string? cssClass = null)
    {
        xml.WriteStartElement("text");
        if (id is not null)
        {
            xml.WriteAttributeString("id", id);
        }

        if (cssClass is not null)
        {
            xml.WriteAttributeString("class", cssClass);
        }

        xml.WriteAttributeString("x", Number(x));
        xml.WriteAttributeString("y", Number(y));
        xml.WriteString(text);
        xml.WriteEndElement();
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
