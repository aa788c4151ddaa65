namespace Pprof.Collector;

/// <summary>
/// The timers that the runtime's timer queue holds, as roots of their own named by what their callback keeps alive:
/// <c>[timer] App.Heartbeat</c>. Through the queue's static, every timer started and never disposed is one long
/// linked list under <c>TimerQueue</c>, which then dominates them all and names none of the app's types; a root per
/// timer charges each timer's memory to that timer, under the type a developer would look at.
/// </summary>
internal static class TimerRoots
{
    public const string Prefix = "[timer] ";

    /// <summary>After the statics, so that an app's own static holding a timer is the timer's path; before stacks.</summary>
    public const double Priority = -0.5;

    private const string TimerType = "System.Threading.TimerQueueTimer";
    private const string CallbackType = "System.Threading.TimerCallback";

    /// <summary>The runtime's own references of a timer, which say nothing about what it was started for.</summary>
    private static readonly string[] Plumbing = [TimerType, CallbackType, "System.Threading.TimerQueue", "System.Threading.ExecutionContext"];

    public static IEnumerable<HeapRoot> Of(HeapGraph graph)
    {
        var timerType = Array.IndexOf(graph.TypeNames, TimerType);
        if (timerType < 0)
        {
            return [];
        }

        var roots = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var obj = 0; obj < graph.ObjectCount; obj++)
        {
            if (graph.Types[obj] == timerType)
            {
                var name = Prefix + (Holder(graph, obj) is { } holder ? graph.TypeNames[graph.Types[holder]] : "(no callback)");
                if (!roots.TryGetValue(name, out var objects))
                {
                    roots[name] = objects = [];
                }

                objects.Add(obj);
            }
        }

        return roots.Select(root => new HeapRoot(root.Key, Priority, root.Value));
    }

    /// <summary>A delegate to a static method targets itself; one to a lambda that captures nothing, a singleton.</summary>
    private static bool IsAnonymous(string type) => type == CallbackType || type.EndsWith("+<>c", StringComparison.Ordinal);

    /// <summary>
    /// The callback's target, unless it says nothing of the app (a static method, or a lambda that captures nothing):
    /// then the timer's state, which such callbacks are given instead.
    /// </summary>
    private static int? Holder(HeapGraph graph, int timer)
    {
        int? target = null;
        int? state = null;
        foreach (var reference in graph.ReferencesOf(timer))
        {
            var type = graph.TypeNames[graph.Types[reference]];
            if (type == CallbackType)
            {
                var callback = graph.ReferencesOf(reference);
                target ??= callback.Length > 0 ? callback[0] : null;
            }
            else if (!Plumbing.Contains(type))
            {
                state ??= reference;
            }
        }

        return target is { } t && !IsAnonymous(graph.TypeNames[graph.Types[t]]) ? t : state;
    }
}
