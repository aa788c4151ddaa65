using System.Globalization;
using System.Text;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// Go's <c>goroutine?debug=2</c> layout, a full dump: <c>goroutine N [state]:</c> for each thread, then a
/// <c>function(...)</c> line and a <c>	file:line</c> line per frame, leaf first. The state is the sample's
/// <c>state</c> label, or <c>sampled</c> for a profile without one: the stack is where the sample profiler last saw
/// the thread.
/// </summary>
internal static class ThreadDumpText
{
    public static string Write(Profile profile)
    {
        var samples = new List<(long Count, int[] Stack, string State)>();
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            samples.Add((cursor.Values[0], cursor.Stack.ToArray(), State(cursor.Labels)));
        }

        var text = new StringBuilder();
        var thread = 0;
        foreach (var (count, stack, state) in samples.OrderByDescending(s => s.Count))
        {
            for (var i = 0; i < count; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"goroutine {++thread} [{state}]:\n");
                foreach (var location in stack)
                {
                    foreach (var (function, position) in TextFrames.Functions(profile.Locations[location]))
                    {
                        text.Append(function).Append("(...)\n\t").Append(position).Append('\n');
                    }
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private static string State(ReadOnlySpan<Label> labels)
    {
        foreach (var label in labels)
        {
            if (label is { Key: "state", Str: { Length: > 0 } state })
            {
                return state;
            }
        }

        return "sampled";
    }
}
