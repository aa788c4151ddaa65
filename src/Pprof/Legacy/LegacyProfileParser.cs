using System.Text;

namespace Pprof.Legacy;

/// <summary>Go's text profiles: the heap profile of <c>?debug=1</c> and goroutine dumps.</summary>
internal static class LegacyProfileParser
{
    public static bool LooksLikeText(ReadOnlySpan<byte> data)
    {
        var start = data[..Math.Min(data.Length, 64)];
        return start.StartsWith("heap profile:"u8) || start.StartsWith("goroutine profile:"u8) || start.StartsWith("goroutine "u8);
    }

    public static Profiles.Profile Parse(ReadOnlySpan<byte> data, bool useSymbolComments) =>
        throw new Profiles.ProfileFormatException($"unrecognized text profile starting with '{Encoding.UTF8.GetString(data[..Math.Min(20, data.Length)])}'");
}
