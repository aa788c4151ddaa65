using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// The tables of part of the call tree that the flame graph of a profile whose samples stay in the file was last
/// drawn from (<see cref="ProfileReport.WidestCallTree"/>): the root's and the last zoom's, with the query they were
/// made for. A zoom into a frame whose picture one of them draws as the whole tree would (<see cref="CallTreeTable.Draws"/>)
/// is drawn from it, without passes over the samples; a zoom into another frame one of them holds reads its callers'
/// values from it, which spares one of the two passes when the frame's subtree is small.
/// </summary>
internal sealed class WidestTreeCache
{
    private readonly Lock _lock = new();
    private Kept? _root;
    private Kept? _zoomed;

    /// <summary>The table for the picture of frame <paramref name="id"/>'s subtree: one kept, if it draws it; else <paramref name="compute"/>'s.</summary>
    /// <param name="key">The query's filters, sample index and options (<see cref="ViewQuery.Key"/>).</param>
    /// <param name="compute">
    /// The table made afresh, given a kept one that holds the frame (its callers' values spare a pass, see
    /// <see cref="ProfileReport.WidestCallTree(long, int, CallTreeTable?)"/>); null when no frame has that id.
    /// </param>
    public CallTreeTable? Get(string key, long id, int budget, Func<CallTreeTable?, CallTreeTable?> compute)
    {
        CallTreeTable? holding = null;
        lock (_lock)
        {
            foreach (var kept in (ReadOnlySpan<Kept?>)[_zoomed, _root])
            {
                if (kept is null || kept.Key != key || kept.Table.NodeOf(id) < 0)
                {
                    continue;
                }

                if (kept.Table.Draws(id, budget))
                {
                    return kept.Table;
                }

                holding ??= kept.Table;
            }
        }

        var table = compute(holding);
        // A whole tree (of a comparison) is not kept: it can take gigabytes.
        if (table is { IsPartial: true })
        {
            lock (_lock)
            {
                if (id == 0)
                {
                    _root = new Kept(key, table);
                }
                else
                {
                    _zoomed = new Kept(key, table);
                }
            }
        }

        return table;
    }

    private sealed record Kept(string Key, CallTreeTable Table);
}
