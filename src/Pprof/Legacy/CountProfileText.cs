using System.Globalization;
using System.Text;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// Go's <c>debug=1</c> layout of count profiles such as <c>goroutine</c>: <c>NAME profile: total N</c>, then each
/// stack with its count, <c>COUNT @ 0x... 0x...</c>, most frequent first, and a comment naming each frame.
/// </summary>
internal static class CountProfileText
{
    public static string Write(Profile profile, string name)
    {
        var samples = new List<(long Count, int[] Stack)>();
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            samples.Add((cursor.Values[0], cursor.Stack.ToArray()));
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{name} profile: total {samples.Sum(s => s.Count)}\n");
        foreach (var (count, stack) in samples.OrderByDescending(s => s.Count))
        {
            text.Append(CultureInfo.InvariantCulture, $"{count} @{TextFrames.ReturnAddresses(stack)}\n");
            TextFrames.AppendComments(text, profile, stack);
            text.Append('\n');
        }

        return text.ToString();
    }
}
