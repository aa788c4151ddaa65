namespace Pprof.Legacy;

/// <summary>
/// Integers written as Go's <c>strconv.ParseInt(s, 0, 64)</c> reads them: an optional sign, then decimal, or
/// <c>0x</c> hexadecimal, <c>0o</c> or a leading <c>0</c> octal, <c>0b</c> binary, with <c>_</c> between digits.
/// </summary>
internal static class GoInteger
{
    public static bool TryParse(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        var negative = text.Length > 0 && text[0] == '-';
        if (text.Length > 0 && text[0] is '-' or '+')
        {
            text = text[1..];
        }

        if (!TryParseMagnitude(text, out var magnitude) || magnitude > (negative ? 1UL << 63 : long.MaxValue))
        {
            return false;
        }

        value = negative ? unchecked(-(long)magnitude) : (long)magnitude;
        return true;
    }

    private static bool TryParseMagnitude(ReadOnlySpan<char> number, out ulong magnitude)
    {
        magnitude = 0;
        if (number.IsEmpty)
        {
            return false;
        }

        var (radix, prefixLength) = (number.Length >= 3 && number[0] == '0' ? char.ToLowerInvariant(number[1]) : '\0') switch
        {
            'x' => (16, 2),
            'o' => (8, 2),
            'b' => (2, 2),
            _ => number[0] == '0' ? (8, 1) : (10, 0),
        };
        var digits = number[prefixLength..];
        var underscores = false;
        foreach (var c in digits)
        {
            if (c == '_')
            {
                underscores = true;
                continue;
            }

            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : radix;
            if (digit >= radix || magnitude > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                return false;
            }

            magnitude = magnitude * (ulong)radix + (ulong)digit;
        }

        return !underscores || UnderscoresSeparateDigits(number, radix == 16);
    }

    /// <summary>Underscores must each follow a digit or the base prefix and come before a digit.</summary>
    private static bool UnderscoresSeparateDigits(ReadOnlySpan<char> number, bool hex)
    {
        var prefixed = number.Length >= 2 && number[0] == '0' && char.ToLowerInvariant(number[1]) is 'b' or 'o' or 'x';
        var afterDigit = prefixed;
        var afterUnderscore = false;
        foreach (var c in number[(prefixed ? 2 : 0)..])
        {
            if (char.IsAsciiDigit(c) || (hex && char.IsAsciiHexDigit(c)))
            {
                (afterDigit, afterUnderscore) = (true, false);
            }
            else if (c == '_')
            {
                if (!afterDigit)
                {
                    return false;
                }

                (afterDigit, afterUnderscore) = (false, true);
            }
            else if (afterUnderscore)
            {
                return false;
            }
            else
            {
                afterDigit = false;
            }
        }

        return !afterUnderscore;
    }
}
