using System.Text.RegularExpressions;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// A function's sandwich: the stacks through it cut at its outermost frame, its callers above (a tree from the function
/// up to the outermost caller) and its callees below (a tree from the function down), both rooted at the function.
/// </summary>
/// <param name="Pivot">The function's name, or the regexp when it matched several.</param>
/// <param name="Flat">The value of the stacks that end in the function.</param>
/// <param name="Cum">The value of the stacks through the function, each counted once however often it recurses.</param>
internal sealed record Sandwich(string Pivot, long Flat, long Cum, IFlameFrame Callers, IFlameFrame Callees)
{
    /// <summary>
    /// The sandwich of the frames <paramref name="function"/> matches in <paramref name="table"/>: one pass over its
    /// frames, callers before callees; the callers' and callees' trees are merged only as far as they are read.
    /// </summary>
    public static Sandwich Of(CallTreeTable table, Regex function)
    {
        // Names repeat across a table of millions of frames: each is matched once, by its number.
        var verdicts = new sbyte[table.NameCount];
        var matched = new List<string>();
        bool Matches(int node)
        {
            ref var verdict = ref verdicts[table.NameNumber(node)];
            if (verdict == 0)
            {
                var (name, callee) = (table.Name(node), table.Function(node));
                verdict = function.IsMatch(name) || (callee.Length != 0 && function.IsMatch(callee)) ? (sbyte)1 : (sbyte)-1;
                if (verdict > 0)
                {
                    matched.Add(name);
                }
            }

            return verdict > 0;
        }

        // By frame: whether it or one of its callers matched, so that only the outermost place of a recursion counts.
        var inside = new bool[table.Count];
        var outermost = new List<int>();
        long flat = 0, cum = 0;
        for (var node = 1; node < table.Count; node++)
        {
            var callerInside = inside[table.Parent(node)];
            if (!Matches(node))
            {
                inside[node] = callerInside;
                continue;
            }

            inside[node] = true;
            flat += table.Self(node);
            if (!callerInside)
            {
                outermost.Add(node);
                cum += table.Value(node);
            }
        }

        var pivot = PivotOf(matched, function);
        return new Sandwich(pivot, flat, cum, MergedFrames.Callers(table, pivot, outermost), MergedFrames.Callees(table, pivot, outermost));
    }

    /// <summary>
    /// The sandwich of <paramref name="function"/> as passes over the samples found the frames a picture of it draws
    /// (<see cref="ProfileReport.WidestSandwich"/>), instead of the whole call tree.
    /// </summary>
    public static Sandwich Of(CallTreeSandwich found, Regex function)
    {
        var pivot = PivotOf(found.Matched, function);
        return new Sandwich(pivot, found.Flat, found.Cum, new TableFrame(found.Callers, 0, pivot), new TableFrame(found.Callees, 0, pivot));
    }

    private static string PivotOf(IReadOnlyList<string> matched, Regex function) => matched.Count == 1 ? matched[0] : function.ToString();
}
