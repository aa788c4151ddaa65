using System.Text;
using Xunit.Sdk;

namespace Pprof.Tests.Support;

/// <summary>
/// Compares output with a golden file byte for byte. A mismatch fails with the first differing lines, numbered. With
/// <c>UPDATE_GOLDEN=1</c> our own expectations (<see cref="Expectations"/>) are rewritten with the actual output
/// instead; go tool pprof's outputs (testdata/go/expected) never are: they are what we must print.
/// </summary>
public static class Golden
{
    private const int ContextLines = 2;
    private const int ShownLines = 8;

    public static void AssertMatches(string goldenPath, ReadOnlySpan<byte> actual)
    {
        if (!Expectations.Holds(goldenPath))
        {
            AssertMatchesGoOutput(goldenPath, actual);
            return;
        }

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllBytes(goldenPath, actual.ToArray());
            return;
        }

        Compare(goldenPath, actual, "UPDATE_GOLDEN=1 rewrites it");
    }

    /// <summary>Compares with an output of <c>go tool pprof</c>, which no test run rewrites.</summary>
    public static void AssertMatchesGoOutput(string goldenPath, ReadOnlySpan<byte> actual) =>
        Compare(goldenPath, actual, "go tool pprof's output: the README beside it says how it was made");

    private static void Compare(string goldenPath, ReadOnlySpan<byte> actual, string remedy)
    {
        var expected = File.ReadAllBytes(goldenPath);
        if (!actual.SequenceEqual(expected))
        {
            throw new XunitException(Diff(goldenPath, remedy, Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual)));
        }
    }

    /// <summary>A short unified-style diff: a little context, then the first differing lines of each side with their numbers.</summary>
    private static string Diff(string goldenPath, string remedy, string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var first = 0;
        while (first < expectedLines.Length && first < actualLines.Length && expectedLines[first] == actualLines[first])
        {
            first++;
        }

        var text = new StringBuilder();
        text.Append("output differs from ").Append(goldenPath).Append(" (").Append(remedy).Append(")\n");
        text.Append("--- expected\n+++ actual\n");
        text.Append("@@ line ").Append(first + 1).Append(" @@\n");
        for (var line = Math.Max(0, first - ContextLines); line < first; line++)
        {
            AppendLine(text, ' ', line, expectedLines[line]);
        }

        var end = first + ShownLines;
        for (var line = first; line < end && line < expectedLines.Length; line++)
        {
            AppendLine(text, '-', line, expectedLines[line]);
        }

        for (var line = first; line < end && line < actualLines.Length; line++)
        {
            AppendLine(text, '+', line, actualLines[line]);
        }

        if (expectedLines.Length != actualLines.Length)
        {
            text.Append("(expected ").Append(expectedLines.Length).Append(" lines, got ").Append(actualLines.Length).Append(")\n");
        }

        return text.ToString();
    }

    private static void AppendLine(StringBuilder text, char marker, int line, string content) =>
        text.Append(marker).Append((line + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture))
            .Append(" |").Append(content.Replace("\r", "\\r", StringComparison.Ordinal)).Append('\n');
}
