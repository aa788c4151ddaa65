using System.Text.RegularExpressions;

namespace Pprof.Reports;

/// <summary>
/// A function's <see cref="CallTreeSandwich"/> from passes over the samples, without the whole call tree, as
/// <see cref="WidestTreeBuilder"/> finds a flame graph's frames: the callers and the callees of the stacks through the
/// function are two trees of paths, both rooted at the function's outermost frame (the callers' read from it
/// outwards). A first pass sums the value of every prefix of both into a <see cref="CountMinSketch"/>, with the
/// function's totals; a second builds the exact tree of the widest prefixes of each (<see cref="WidestPrefixTree"/>),
/// and runs again, for the tree whose room was too small, until both hold every frame of their picture. Frames are
/// merged by name, since the call tree numbers its frames by name. Only for profiles without negative values.
/// </summary>
internal sealed class WidestSandwichBuilder
{
    /// <summary>The hash the callers' paths start from: the empty path's, extended by a frame number that no frame has.</summary>
    private static readonly ulong CallersHash = WidestPrefixTree.Hash(WidestPrefixTree.EmptyHash, -1);

    private readonly Report _report;
    private readonly StackFrames _stack;
    private readonly Regex _function;

    /// <summary>By frame number: 0 until asked, then 1 when the function's regexp matches the frame, -1 when not.</summary>
    private readonly sbyte[] _verdicts;
    private readonly List<string> _matched = [];

    /// <summary>The callers of the stack read last, from the nearest outwards.</summary>
    private int[] _callers = new int[64];

    private WidestSandwichBuilder(Report report, StackFrames stack, Regex function)
    {
        (_report, _stack, _function) = (report, stack, function);
        _verdicts = new sbyte[stack.Names.Count];
    }

    /// <summary>The sandwich of the frames <paramref name="function"/> matches; null when a sample's value is negative.</summary>
    /// <param name="sketchWidth">Counters a row of each sketch (0: the default).</param>
    /// <param name="room">Frames the second pass holds in each tree before it raises its threshold (0: the default).</param>
    public static CallTreeSandwich? Build(
        Func<Report> prepare, Regex function, int budget, bool releaseGarbage, int sketchWidth = 0, int room = 0)
    {
        var (report, stack) = WidestTreeBuilder.Start(prepare, budget, releaseGarbage, ref sketchWidth, ref room);
        return new WidestSandwichBuilder(report, stack, function).Build(budget, sketchWidth, room);
    }

    private CallTreeSandwich? Build(int budget, int sketchWidth, int room)
    {
        var largest = _report.Profile.Samples.AbsoluteTotals[_report.Options.SampleIndex];
        // One sketch for both trees, whose paths are hashed from different seeds: half the memory, for few more collisions.
        var sketch = new CountMinSketch(sketchWidth, largest);
        long flat = 0, cum = 0;
        var positive = EachStack((outermost, value, _) =>
        {
            cum += value;
            flat += Matches(_stack.Frames[^1]) ? value : 0;
            WidestPrefixTree.Sketch(sketch, CallersHash, Callers(outermost), value);
            WidestPrefixTree.Sketch(sketch, WidestPrefixTree.EmptyHash, _stack.Frames[(outermost + 1)..], value);
        });
        if (!positive)
        {
            return null;
        }

        var rooms = (Callers: room, Callees: room);
        WidestPrefixTree? callers = null, callees = null;
        while (callers is null || callees is null)
        {
            var (newCallers, newCallees) = (callers is null ? new WidestPrefixTree([], rooms.Callers) : null, callees is null ? new WidestPrefixTree([], rooms.Callees) : null);
            EachStack((outermost, value, sample) =>
            {
                newCallers?.AddPath(value, sample, CallersHash, Callers(outermost), sketch);
                newCallees?.AddPath(value, sample, WidestPrefixTree.EmptyHash, _stack.Frames[(outermost + 1)..], sketch);
            });

            (callers, rooms.Callers) = Kept(callers, newCallers, budget, rooms.Callers);
            (callees, rooms.Callees) = Kept(callees, newCallees, budget, rooms.Callees);
        }

        return new CallTreeSandwich(_matched, flat, cum, callers.ToTable(_stack.Names), callees.ToTable(_stack.Names));
    }

    /// <summary>The tree made by a second pass, if it holds the picture; else none yet, and more room for the next.</summary>
    private static (WidestPrefixTree?, int Room) Kept(WidestPrefixTree? done, WidestPrefixTree? made, int budget, int room) =>
        done is not null ? (done, room)
        : made!.Holds(budget) ? (made, room)
        : (null, WidestTreeBuilder.MoreRoom(room));

    /// <summary>
    /// Reads each sample through the function into <see cref="_stack"/> and calls <paramref name="visit"/> with the
    /// place of the function's outermost frame in it; false, at once, when a sample's value is negative.
    /// </summary>
    private bool EachStack(Action<int, long, int> visit)
    {
        var cursor = _report.Profile.Samples.GetCursor();
        var sampleIndex = _report.Options.SampleIndex;
        while (cursor.MoveNext())
        {
            var value = cursor.Values[sampleIndex];
            if (value < 0)
            {
                return false;
            }

            if (value == 0 || cursor.Stack.IsEmpty)
            {
                continue;
            }

            _stack.Read(cursor.Stack);
            var frames = _stack.Frames;
            var outermost = -1;
            // Every frame of the call tree is asked, so that the names matched are those the whole tree's sandwich finds.
            for (var i = frames.Length - 1; i >= 0; i--)
            {
                outermost = Matches(frames[i]) ? i : outermost;
            }

            if (outermost >= 0)
            {
                visit(outermost, value, cursor.Index);
            }
        }

        return true;
    }

    /// <summary>The callers of the frame at <paramref name="outermost"/> in the stack read last, the nearest first.</summary>
    private ReadOnlySpan<int> Callers(int outermost)
    {
        if (_callers.Length < outermost)
        {
            _callers = new int[_stack.Frames.Length];
        }

        var callers = _callers.AsSpan(0, outermost);
        _stack.Frames[..outermost].CopyTo(callers);
        callers.Reverse();
        return callers;
    }

    private bool Matches(int frame)
    {
        ref var verdict = ref _verdicts[frame];
        if (verdict == 0)
        {
            var (name, function) = _stack.Names[frame];
            verdict = _function.IsMatch(name) || (function.Length != 0 && _function.IsMatch(function)) ? (sbyte)1 : (sbyte)-1;
            if (verdict > 0)
            {
                _matched.Add(name);
            }
        }

        return verdict > 0;
    }
}
