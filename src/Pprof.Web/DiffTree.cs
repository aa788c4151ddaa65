using System.Text.Json;

namespace Pprof.Web;

/// <summary>
/// The base's and the new profile's call trees laid over each other: one frame per path in either, with its value in
/// each. A frame's width in the picture is the sum of both, so that what vanished shows as well as what appeared.
/// Frames are paired as they are reached, so that writing the widest few costs nothing for the rest of the trees.
/// </summary>
internal sealed class DiffTree
{
    private readonly IFlameFrame? _base;
    private readonly IFlameFrame? _new;

    private DiffTree(string name, IFlameFrame? baseNode, IFlameFrame? newNode)
    {
        Name = name;
        _base = baseNode;
        _new = newNode;
    }

    public string Name { get; }

    public long Base => _base?.Value ?? 0;

    public long New => _new?.Value ?? 0;

    public long Width => Math.Abs(Base) + Math.Abs(New);

    /// <summary>The callees in either tree, widest first (of equal widths, the new one's first); a tree's callees have distinct names.</summary>
    public IReadOnlyList<DiffTree> Children
    {
        get
        {
            var baseCallees = _base?.Callees.ToDictionary(c => c.Name, StringComparer.Ordinal) ?? [];
            var paired = new List<DiffTree>();
            foreach (var callee in _new?.Callees ?? [])
            {
                paired.Add(new DiffTree(callee.Name, baseCallees.Remove(callee.Name, out var before) ? before : null, callee));
            }

            paired.AddRange(baseCallees.Values.Select(callee => new DiffTree(callee.Name, callee, null)));
            return [.. paired.OrderByDescending(t => t.Width)];
        }
    }

    public static DiffTree Of(IFlameFrame baseRoot, IFlameFrame newRoot) => new(newRoot.Name, baseRoot, newRoot);

    /// <summary>
    /// The frames as <c>[name, parent, base, new]</c>, parents first: the widest up to <paramref name="budget"/>, the
    /// rest of each frame's callees summed into one <c>(other)</c> frame, as the flame graph's data does.
    /// </summary>
    public void WriteFrames(Utf8JsonWriter json, int budget)
    {
        var (names, frames) = WidestFrames.Of(this, budget, t => t.Children, t => t.Name, t => (t.Base, t.New), t => (t.Base, t.New), t => t.Width);
        ViewJson.WriteStrings(json, "names", names);
        json.WriteStartArray("frames");
        foreach (var frame in frames)
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
}
