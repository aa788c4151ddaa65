using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DotnetPprof;

/// <summary>Durations as Go writes them ("30s", "1m30s", "500ms"); a bare number counts seconds.</summary>
internal static partial class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.FromSeconds(seconds);
            return seconds > 0;
        }

        var parts = Part().Matches(text);
        if (parts.Count == 0 || parts.Sum(p => p.Length) != text.Length)
        {
            return false;
        }

        foreach (Match part in parts)
        {
            var value = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                _ => TimeSpan.FromMicroseconds(value),
            };
        }

        return duration > TimeSpan.Zero;
    }

    /// <summary>An option's parser: a positive duration, or an error on the option naming the bad value.</summary>
    public static TimeSpan? ParseOption(ArgumentResult result) => ParseOption(result, allowZero: false);

    /// <summary>As <see cref="ParseOption(ArgumentResult)"/>, but 0 is allowed (no warm-up).</summary>
    public static TimeSpan? ParseOptionOrZero(ArgumentResult result) => ParseOption(result, allowZero: true);

    private static TimeSpan? ParseOption(ArgumentResult result, bool allowZero)
    {
        var text = result.Tokens.Single().Value;
        if (TryParse(text, out var parsed) || (allowZero && text is "0" or "0s"))
        {
            return parsed;
        }

        result.AddError($"bad duration {text}: use a positive duration such as 30s, 1m30s or 500ms");
        return null;
    }

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]*)?)(h|ms|m|s|us|µs)")]
    private static partial Regex Part();
}
