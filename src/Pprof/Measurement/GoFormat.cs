using System.Globalization;

namespace Pprof.Measurement;

/// <summary>Number formatting that matches Go's fmt verbs, so that reports come out byte for byte as pprof's.</summary>
internal static class GoFormat
{
    /// <summary>Go's <c>%Ns</c>: padded on the left to <paramref name="width"/> runes.</summary>
    public static string PadLeft(string text, int width)
    {
        var padding = width - RuneCount(text);
        return padding > 0 ? new string(' ', padding) + text : text;
    }

    /// <summary>
    /// How many runes Go counts in a string: a surrogate pair is one, and so is each byte that is not UTF-8 (a lone
    /// surrogate as the reader decodes it).
    /// </summary>
    public static int RuneCount(ReadOnlySpan<char> text)
    {
        var count = text.Length;
        if (!text.ContainsAnyInRange('\uD800', '\uDBFF'))
        {
            return count;
        }

        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }

    /// <summary>Go's <c>%.2f</c>.</summary>
    public static string Fixed2(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>Go's <c>%.2g</c>: two significant digits, exponent form below 1e-4, trailing zeros dropped.</summary>
    public static string General2(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        // "E1" rounds to two significant digits; its exponent tells which form %g picks.
        var scientific = value.ToString("E1", CultureInfo.InvariantCulture);
        var exponentAt = scientific.IndexOf('E', StringComparison.Ordinal);
        var exponent = int.Parse(scientific.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = scientific[..exponentAt].TrimEnd('0').TrimEnd('.');
        if (exponent < -4 || exponent >= 2)
        {
            var sign = exponent < 0 ? '-' : '+';
            return $"{mantissa}e{sign}{Math.Abs(exponent):00}";
        }

        var negative = mantissa.StartsWith('-');
        var significant = mantissa.Replace("-", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
        var text = exponent >= 0
            ? significant.PadRight(exponent + 1, '0').Insert(exponent + 1, ".")
            : "0." + new string('0', -exponent - 1) + significant;
        text = text.TrimEnd('0').TrimEnd('.');
        return negative ? "-" + text : text;
    }
}
