using System.Text.RegularExpressions;

namespace Pprof.Reports;

/// <summary>
/// Makes Graphviz's SVG explorable in a browser, as pprof's <c>-svg</c> is: the picture fills the window, the mouse
/// wheel zooms around the pointer, dragging pans, and a double click shows the whole graph again.
/// </summary>
internal static partial class SvgPanZoom
{
    // Works on the root's viewBox alone, so it needs nothing from the picture but the viewBox Graphviz always writes.
    private const string Script = """
        <script type="text/javascript"><![CDATA[
        (function () {
          'use strict';
          var svg = document.documentElement;
          var box = svg.viewBox && svg.viewBox.baseVal;
          if (!box || box.width === 0) {
            return;
          }
          var home = { x: box.x, y: box.y, width: box.width, height: box.height };
          var dragStart = null;

          function pointAt(event) {
            return new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
          }

          svg.addEventListener('wheel', function (event) {
            event.preventDefault();
            var pixels = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
            var factor = Math.exp(pixels * 0.002);
            var point = pointAt(event);
            box.x = point.x - (point.x - box.x) * factor;
            box.y = point.y - (point.y - box.y) * factor;
            box.width *= factor;
            box.height *= factor;
          }, { passive: false });
          svg.addEventListener('mousedown', function (event) {
            if (event.button === 0) {
              dragStart = pointAt(event);
              event.preventDefault();
            }
          });
          window.addEventListener('mousemove', function (event) {
            if (dragStart) {
              var point = pointAt(event);
              box.x -= point.x - dragStart.x;
              box.y -= point.y - dragStart.y;
            }
          });
          window.addEventListener('mouseup', function () {
            dragStart = null;
          });
          svg.addEventListener('dblclick', function () {
            box.x = home.x;
            box.y = home.y;
            box.width = home.width;
            box.height = home.height;
          });
        })();
        ]]></script>

        """;

    [GeneratedRegex(@"<svg\b[^>]*>")]
    private static partial Regex RootStartTag();

    [GeneratedRegex(@"\s(?:width|height)=""[^""]*""")]
    private static partial Regex SizeAttribute();

    /// <summary>The SVG with a fluid size and the pan and zoom script; unchanged if it has no root element.</summary>
    public static string Inject(string svg)
    {
        var root = RootStartTag().Match(svg);
        var end = svg.LastIndexOf("</svg>", StringComparison.Ordinal);
        if (!root.Success || end < root.Index)
        {
            return svg;
        }

        var fluidRoot = SizeAttribute().Replace(root.Value, "").Insert("<svg".Length, " width=\"100%\" height=\"100%\"");
        return svg[..root.Index] + fluidRoot + svg[(root.Index + root.Length)..end] + Script + svg[end..];
    }
}
