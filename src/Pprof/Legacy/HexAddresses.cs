using System.Globalization;

namespace Pprof.Legacy;

/// <summary>The <c>0x...</c> numbers of a stack line, found as Go's <c>0x[0-9a-f]+</c> finds them.</summary>
internal static class HexAddresses
{
    /// <summary>Appends every address of <paramref name="text"/>; false when one does not fit in 64 bits.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, List<ulong> addresses)
    {
        var i = 0;
        while (i + 2 < text.Length)
        {
            if (text[i] != '0' || text[i + 1] != 'x' || !IsLowerHex(text[i + 2]))
            {
                i++;
                continue;
            }

            var end = i + 2;
            while (end < text.Length && IsLowerHex(text[end]))
            {
                end++;
            }

            if (!ulong.TryParse(text[(i + 2)..end], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var address))
            {
                return false;
            }

            addresses.Add(address);
            i = end;
        }

        return true;
    }

    private static bool IsLowerHex(char c) => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f';
}
