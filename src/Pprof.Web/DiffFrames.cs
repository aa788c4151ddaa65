using System.Text.Json;

namespace Pprof.Web;

/// <summary>The diff's flame graph as the page reads it: <c>names</c>, and <c>frames</c> as <c>[name, parent, base, new]</c>, parents first.</summary>
internal static class DiffFrames
{
    /// <summary>
    /// The widest frames up to <paramref name="budget"/>, the rest of each frame's callees summed into one
    /// <c>(other)</c> frame, as the flame graph's data has them. A frame's width is the sum of both sides' magnitudes,
    /// so that what vanished shows as well as what appeared.
    /// </summary>
    public static (IReadOnlyList<string> Names, List<(int Name, int Parent, long A, long B)> Frames) Widest(IDiffFrame root, int budget) =>
        WidestFrames.Of(root, budget, t => t.Children, t => t.Name, t => (t.Base, t.New), t => (t.Base, t.New), Width);

    /// <summary>Writes the frames <see cref="Widest"/> picked.</summary>
    public static void Write(Utf8JsonWriter json, (IReadOnlyList<string> Names, List<(int Name, int Parent, long A, long B)> Frames) widest)
    {
        ViewJson.WriteStrings(json, "names", widest.Names);
        json.WriteStartArray("frames");
        foreach (var frame in widest.Frames)
        {
            json.WriteStartArray();
            json.WriteNumberValue(frame.Name);
            json.WriteNumberValue(frame.Parent);
            json.WriteNumberValue(frame.A);
            json.WriteNumberValue(frame.B);
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    public static long Width(IDiffFrame frame) => Math.Abs(frame.Base) + Math.Abs(frame.New);
}
