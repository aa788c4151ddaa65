using System.Globalization;
using System.Text;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// Frames as Go's text profiles show them. Collected frames are methods without addresses, so each location gets an
/// address of its own (for the <c>@ 0x...</c> lists to tell frames apart); a frame without a source line (no PDB)
/// gets the file <c>?</c>, line 0, as Go prints for code without line information.
/// </summary>
internal static class TextFrames
{
    /// <summary>The address of the call: Go's stack lists show the return address, one byte further.</summary>
    public static ulong CallAddress(int location) => 0x1000 + ((ulong)location << 4);

    public static string ReturnAddresses(ReadOnlySpan<int> stack)
    {
        var text = new StringBuilder();
        foreach (var location in stack)
        {
            text.Append(CultureInfo.InvariantCulture, $" 0x{CallAddress(location) + 1:x}");
        }

        return text.ToString();
    }

    /// <summary>The functions at a location and their <c>file:line</c>, innermost first (several when calls were inlined).</summary>
    public static IEnumerable<(string Function, string Position)> Functions(Location location) =>
        location.Lines.Length == 0 ? [("?", "?:0")] : location.Lines.Select(line => (Name(line), Position(line)));

    private static string Name(Line line) => line.Function?.Name is { Length: > 0 } name ? name : "?";

    private static string Position(Line line) => line.Function?.Filename is { Length: > 0 } file && line.Number > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{file}:{line.Number}")
        : "?:0";

    /// <summary>Go's <c>#	0xADDR	function+0xOFF	file:line</c> comments under a stack of a <c>debug=1</c> profile.</summary>
    public static void AppendComments(StringBuilder text, Profile profile, ReadOnlySpan<int> stack)
    {
        foreach (var location in stack)
        {
            foreach (var (function, position) in Functions(profile.Locations[location]))
            {
                text.Append(CultureInfo.InvariantCulture, $"#\t0x{CallAddress(location):x}\t{function}+0x0\t{position}\n");
            }
        }
    }
}
