using System.Runtime.InteropServices;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// Frames of a call tree table merged by name, as the sandwich shows them: below the function, its places' callees
/// merged by name level by level (<see cref="Callees"/>); above it, the callers of its places merged the same way
/// upwards (<see cref="Callers"/>). A merged frame lists its own callees only when read.
/// </summary>
internal static class MergedFrames
{
    /// <summary>The frames <paramref name="places"/> as one frame called <paramref name="name"/>, with their callees merged by name.</summary>
    public static IFlameFrame Callees(CallTreeTable table, string name, IReadOnlyList<int> places) => new CalleeFrame(table, name, places);

    /// <summary>
    /// The callers of the frames <paramref name="places"/>, merged by name from the nearest outwards, under one frame
    /// called <paramref name="name"/> that holds their value; the root (the whole profile) is not a caller.
    /// </summary>
    public static IFlameFrame Callers(CallTreeTable table, string name, IReadOnlyList<int> places) =>
        new CallerFrame(table, name, [.. places.Select(place => Reached(place, place))]);

    /// <summary>A place of the function with the caller reached from it so far, in one number.</summary>
    private static long Reached(int place, int caller) => ((long)place << 32) | (uint)caller;

    private static IReadOnlyList<IFlameFrame> WidestFirst(IEnumerable<IFlameFrame> frames) =>
        [.. frames.OrderByDescending(f => f.Width).ThenBy(f => f.Name, StringComparer.Ordinal)];

    /// <summary>A frame's numbers, summed over the places merged into it.</summary>
    private abstract class MergedFrame(string name) : IFlameFrame
    {
        public string Name { get; } = name;

        public long Value { get; private set; }

        public long Self { get; private set; }

        public long Width { get; private set; }

        public abstract IReadOnlyList<IFlameFrame> Callees { get; }

        protected void Add(long value, long self, long width) => (Value, Self, Width) = (Value + value, Self + self, Width + width);
    }

    private sealed class CalleeFrame : MergedFrame
    {
        private readonly CallTreeTable _table;
        private readonly IReadOnlyList<int> _places;

        public CalleeFrame(CallTreeTable table, string name, IReadOnlyList<int> places)
            : base(name)
        {
            (_table, _places) = (table, places);
            foreach (var place in places)
            {
                Add(table.Value(place), table.Self(place), table.Width(place));
            }
        }

        public override IReadOnlyList<IFlameFrame> Callees
        {
            get
            {
                // One place (the usual sandwich) has callees of distinct names: nothing to merge below it.
                if (_places is [var only])
                {
                    return new TableFrame(_table, only).Callees;
                }

                var byName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                foreach (var place in _places)
                {
                    foreach (var callee in _table.Callees(place))
                    {
                        (CollectionsMarshal.GetValueRefOrAddDefault(byName, _table.Name(callee), out _) ??= []).Add(callee);
                    }
                }

                return WidestFirst(byName.Select(pair => new CalleeFrame(_table, pair.Key, pair.Value)));
            }
        }
    }

    private sealed class CallerFrame : MergedFrame
    {
        private readonly CallTreeTable _table;
        private readonly long[] _reached;

        public CallerFrame(CallTreeTable table, string name, long[] reached)
            : base(name)
        {
            (_table, _reached) = (table, reached);
            foreach (var pair in reached)
            {
                var place = (int)(pair >> 32);
                // Where the caller reached is the outermost frame, the stacks end there: they are its own.
                Add(table.Value(place), table.Parent((int)pair) == 0 ? table.Value(place) : 0, table.Width(place));
            }
        }

        public override IReadOnlyList<IFlameFrame> Callees
        {
            get
            {
                var byName = new Dictionary<string, List<long>>(StringComparer.Ordinal);
                foreach (var pair in _reached)
                {
                    var caller = _table.Parent((int)pair);
                    if (caller <= 0)
                    {
                        continue;
                    }

                    (CollectionsMarshal.GetValueRefOrAddDefault(byName, _table.Name(caller), out _) ??= []).Add(Reached((int)(pair >> 32), caller));
                }

                return WidestFirst(byName.Select(pair => new CallerFrame(_table, pair.Key, [.. pair.Value])));
            }
        }
    }
}
