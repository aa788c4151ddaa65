using System.Globalization;
using Pprof.Collector;
using Pprof.Driver;
using Pprof.Legacy;
using Pprof.Profiles;

namespace DotnetPprof;

/// <summary>
/// Where and how <c>collect</c> writes its profile: gzipped profile.proto, or a report of it; for threads, Go's
/// goroutine layouts (<c>text</c> as <c>?debug=1</c>, <c>dump</c> as <c>?debug=2</c>), which pprof reads back.
/// </summary>
internal static class ProfileFiles
{
    public const string Pprof = "pprof";
    public const string Text = "text";
    public const string Dump = "dump";

    /// <summary>The formats and, for the reports, the pprof command that writes them.</summary>
    private static readonly Dictionary<string, (string Extension, string? Report)> Formats = new(StringComparer.Ordinal)
    {
        [Pprof] = ("pb.gz", null),
        [Text] = ("txt", "-text"),
        ["collapsed"] = ("collapsed.txt", "-collapsed"),
        [Dump] = ("txt", null),
    };

    public static string[] FormatNames => [.. Formats.Keys];

    /// <summary><c>app_yyyyMMdd_HHmmss.kind.pb.gz</c>, in local time, in the current folder.</summary>
    public static string DefaultName(DotnetProcess target, ProfileKind kind, string format, DateTime now)
    {
        var app = string.Concat(target.Name.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
        var stamp = now.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
        return $"{app}_{stamp}.{kind.ToString().ToLowerInvariant()}.{Formats[format].Extension}";
    }

    /// <summary>Writes the profile; false (after saying why on <paramref name="stderr"/>) when it could not.</summary>
    public static bool Write(Profile profile, ProfileKind kind, string format, string path, TextWriter stderr)
    {
        if (kind == ProfileKind.Threads && format is Text or Dump)
        {
            File.WriteAllText(path, format == Dump ? ThreadDumpText.Write(profile) : CountProfileText.Write(profile, "goroutine"));
            return true;
        }

        if (Formats[format].Report is not { } report)
        {
            ProfileWriter.WriteFile(profile, path);
            return true;
        }

        var proto = Path.GetTempFileName();
        try
        {
            ProfileWriter.WriteFile(profile, proto);

            // The driver's "Generating report in" line would only repeat the path that collect prints.
            using var messages = new StringWriter();
            var written = PprofDriver.Run([report, "-output", path, proto], Stream.Null, messages) == 0;
            if (!written)
            {
                stderr.Write(messages);
            }

            return written;
        }
        finally
        {
            File.Delete(proto);
        }
    }
}
