namespace Pprof.Web;

/// <summary>
/// The base's and the new profile's call trees laid over each other, when each was merged on its own: one frame per
/// path in either, callees paired by name as they are reached, so that writing the widest few costs nothing for the
/// rest of the trees.
/// </summary>
internal sealed class DiffTree : IDiffFrame
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

    /// <summary>A tree's callees have distinct names.</summary>
    public IReadOnlyList<IDiffFrame> Children
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
            return [.. paired.OrderByDescending(DiffFrames.Width)];
        }
    }

    public static DiffTree Of(IFlameFrame baseRoot, IFlameFrame newRoot) => new(newRoot.Name, baseRoot, newRoot);
}
