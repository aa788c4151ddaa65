using System.Globalization;
using System.Text;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// Go's <c>goroutine?debug=2</c> layout, a full dump: <c>goroutine N [state]:</c> for each thread, then a
/// <c>function(...)</c> line and a <c>	file:line</c> line per frame, leaf first. The threads profile keeps one stack
/// per thread but not the thread's state, so every state reads <c>sampled</c>: the stack is where the sample
/// profiler last saw the thread.
/// </summary>
public static class ThreadDumpText
{
    public static string Write(Profile profile)
    {
        var samples = new List<(long Count, int[] Stack)>();
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            samples.Add((cursor.Values[0], cursor.Stack.ToArray()));
        }

        var text = new StringBuilder();
        var thread = 0;
        foreach (var (count, stack) in samples.OrderByDescending(s => s.Count))
        {
            for (var i = 0; i < count; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"goroutine {++thread} [sampled]:\n");
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
}
