using System.Text;
using Pprof.Profiles;

namespace Pprof.Push;

/// <summary>
/// Turns snapshots of a cumulative profile (allocation totals since a start, every value only growing) into the
/// windows between them, as a store of windows such as Pyroscope wants them. Samples are matched across snapshots by
/// their normalised stack (function, file and line of every frame, not the snapshot's own location ids) and their
/// labels. The first snapshot is a window of its own (everything since the counting started), not dropped; a value
/// that went down, or a stack that vanished, means the counters were reset: that snapshot is sent whole and becomes
/// the new baseline. No window ever holds a negative value. Each window's time and duration are the span between the
/// ends of the two snapshots.
/// </summary>
public sealed class CumulativeDelta
{
    private Dictionary<string, long[]>? _previous;
    private long _previousEnd;

    /// <summary>True when the last <see cref="Next"/> found the counters reset.</summary>
    public bool LastWasReset { get; private set; }

    public Profile Next(Profile snapshot)
    {
        var current = Totals(snapshot);
        var end = snapshot.TimeNanos + snapshot.DurationNanos;
        var previous = _previous;
        var previousEnd = _previousEnd;
        (_previous, _previousEnd) = (current, end);
        LastWasReset = previous is not null && IsReset(previous, current);
        if (previous is null)
        {
            return snapshot.Clone();
        }

        var window = LastWasReset ? snapshot.Clone() : Subtract(snapshot, current, previous);
        window.TimeNanos = previousEnd;
        window.DurationNanos = Math.Max(0, end - previousEnd);
        return window;
    }

    private static bool IsReset(Dictionary<string, long[]> previous, Dictionary<string, long[]> current)
    {
        foreach (var (key, before) in previous)
        {
            if (!current.TryGetValue(key, out var now))
            {
                return true;
            }

            for (var i = 0; i < before.Length; i++)
            {
                if (now[i] < before[i])
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>One sample per stack and labels, holding what it gained since the previous totals; those that gained nothing are left out.</summary>
    private static Profile Subtract(Profile snapshot, Dictionary<string, long[]> current, Dictionary<string, long[]> previous)
    {
        var window = snapshot.Clone();
        var samples = new SampleList(snapshot.Samples.ValueCount);
        var written = new HashSet<string>();
        var key = new StringBuilder();
        var values = new long[snapshot.Samples.ValueCount];
        var cursor = snapshot.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var name = Key(snapshot, cursor.Stack, cursor.Labels, key);
            if (!written.Add(name))
            {
                continue;
            }

            var now = current[name];
            var before = previous.GetValueOrDefault(name);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = now[i] - (before?[i] ?? 0);
            }

            if (values.AsSpan().ContainsAnyExcept(0))
            {
                samples.Add(cursor.Stack, values, cursor.Labels);
            }
        }

        window.Samples = samples;
        return Merger.Compact(window);
    }

    private static Dictionary<string, long[]> Totals(Profile profile)
    {
        var totals = new Dictionary<string, long[]>();
        var key = new StringBuilder();
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var name = Key(profile, cursor.Stack, cursor.Labels, key);
            if (!totals.TryGetValue(name, out var sum))
            {
                totals[name] = sum = new long[profile.Samples.ValueCount];
            }

            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += cursor.Values[i];
            }
        }

        return totals;
    }

    /// <summary>A sample's identity across snapshots: its frames by function, file and line, then its labels in order.</summary>
    private static string Key(Profile profile, ReadOnlySpan<int> stack, ReadOnlySpan<Label> labels, StringBuilder key)
    {
        key.Clear();
        foreach (var index in stack)
        {
            var location = profile.Locations[index];
            foreach (var line in location.Lines)
            {
                key.Append(line.Function?.Name).Append('\u0001').Append(line.Function?.Filename).Append('\u0001').Append(line.Number).Append('\u0002');
            }

            if (location.Lines.Length == 0)
            {
                key.Append(location.Mapping?.File).Append('\u0001').Append(location.Address).Append('\u0002');
            }
        }

        key.Append('\u0003');
        var sorted = labels.ToArray();
        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key) is var byKey and not 0 ? byKey : string.CompareOrdinal(a.Str, b.Str));
        foreach (var label in sorted)
        {
            key.Append(label.Key).Append('=').Append(label.Str).Append(label.Num).Append(label.NumUnit).Append('\u0002');
        }

        return key.ToString();
    }
}
