using Pprof.Profiles.Proto;

namespace Pprof.Reports;

/// <summary>A source file's lines, or the error that kept it from being read.</summary>
internal sealed record SourceText(IReadOnlyList<string> Lines, string? Error)
{
    public static SourceText Failure(string error) => new([], error);

    /// <summary>Splits as Go's line scanner does: at <c>\n</c>, dropping a <c>\r</c> before it; no empty last line.</summary>
    public static SourceText Of(byte[] content)
    {
        var text = LosslessUtf8.Decode(content);
        var lines = text.Split('\n').Select(line => line.EndsWith('\r') ? line[..^1] : line).ToList();
        if (text.Length == 0 || text.EndsWith('\n'))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return new SourceText(lines, null);
    }
}
