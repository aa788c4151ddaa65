using System.Text.RegularExpressions;
using Pprof.Profiles;

namespace Pprof.Reports;

/// <summary>
/// A report's samples merged into a call tree, with the node each sample's stack ends at and what the focus and
/// ignore filters read of each location, kept so that the call tree of the same report with another focus, ignore
/// or sample index is derived from it: passes over its nodes and the samples' values, where merging the samples again
/// looks up every frame of every sample. A derived table is the one <see cref="ProfileReport.CallTreeTable"/> makes
/// of the derived report, node numbers included.
/// </summary>
/// <remarks>
/// A sample is kept by a focus when a location of its stack matches, and all the frames of that location are on its
/// path in the tree; so a node's samples are kept when its path holds a frame that only matching locations have. Where
/// a frame is shared by a location that matches and one that does not (a regexp on files or binaries at the
/// functions' granularity, say), the tree cannot tell their samples apart, and nothing is derived.
/// </remarks>
public sealed class CallTreeSamples
{
    private const byte Focused = 1;
    private const byte Ignored = 2;

    private readonly StackTable _table;
    private readonly Profile _profile;

    /// <summary>By location: its functions' names and files and its binary's name, as the filters found them.</summary>
    private readonly string[][] _locationTexts;

    internal CallTreeSamples(StackTable table, Profile profile, string[][] locationTexts)
    {
        _table = table;
        _profile = profile;
        _locationTexts = locationTexts;
    }

    /// <summary>
    /// The same samples merged into one tree whatever their values, which the call tree of every sample index, focus
    /// and ignore of the report is part of, and is derived from in a fraction of the time merging takes.
    /// </summary>
    public CallTreeSamples EverySample() => new(StackTable.EverySample(_table, _profile.Samples), _profile, _locationTexts);

    /// <summary>
    /// The call table of the report with <paramref name="sampleIndex"/> (as <c>-sample_index</c>, null for the
    /// default), <paramref name="focus"/> and <paramref name="ignore"/> instead of its own; null when it cannot be
    /// derived exactly from these samples: a frame shared by locations the filters tell apart, or a sample the
    /// index keeps that this tree left out.
    /// </summary>
    /// <exception cref="ArgumentException">The profile has no such sample index.</exception>
    /// <exception cref="RegexMatchTimeoutException">A regexp took longer than its timeout on a name.</exception>
    public CallTreeTable? Derive(string? sampleIndex, Regex? focus, Regex? ignore)
    {
        var index = SampleIndex.Resolve(_profile, sampleIndex ?? "");
        if (FrameFilters(focus, ignore) is not { } frameFilters)
        {
            return null;
        }

        var table = Derive(index, frameFilters, focus is not null);
        return table is null ? null : new CallTreeTable(table) { Samples = new CallTreeSamples(table, _profile, _locationTexts) };
    }

    /// <summary>
    /// The two sides of a comparison made with <c>-diff_base</c> (<c>ProfileSource.Compare</c>), whose base samples
    /// carry the label <c>pprof::base=true</c> and negated values, told apart in the tree merged from both, in one
    /// pass over the samples: by frame of this tree, the value and width of the base's stacks through it (negated
    /// back) and of the new profile's. A side's tree, as <see cref="ProfileReport.CallTreeTable"/> makes it of that
    /// profile with the same options, has the frames of this tree that the side's samples reach (those of a width
    /// above 0), with these values and widths; null for a tree of every sample, which has no values.
    /// </summary>
    /// <remarks>
    /// Exact only where the comparison's samples are the two profiles' own, value for value: not after
    /// <c>-normalize</c>, which scales the new profile; not where their units differed, which merging brings to the
    /// finer; not with tag filters, <c>tagroot</c> or <c>tagleaf</c>, which read the label on one side only; not where
    /// a side has negative values, whose samples of one stack merging the comparison summed, and which can cancel out
    /// there, where the side's own tree keeps the frame with a value of 0.
    /// </remarks>
    public (CallTreeSide Base, CallTreeSide New)? DiffBaseApart()
    {
        var sampleIndex = _table.SampleIndex;
        if (sampleIndex < 0)
        {
            return null;
        }

        var ends = _table.SampleEnds;
        var (baseSelves, newSelves) = (new long[_table.Count], new long[_table.Count]);
        bool baseNegative = false, newNegative = false;
        var mayBeBase = _profile.Samples.MayHaveLabel(Label.DiffBaseKey);
        var cursor = _profile.Samples.GetCursor();
        for (var sample = 0; cursor.MoveNext(); sample++)
        {
            var (end, value) = (ends[sample], cursor.Values[sampleIndex]);
            if (end < 0 || value == 0)
            {
                continue;
            }

            if (mayBeBase && Report.IsDiffBaseSample(cursor.Labels))
            {
                baseSelves[end] -= value;
                baseNegative |= value > 0;
            }
            else
            {
                newSelves[end] += value;
                newNegative |= value < 0;
            }
        }

        return (Side(baseSelves, baseNegative), Side(newSelves, newNegative));
    }

    /// <summary>A side's values and widths from the value of its samples that end at each frame, which become its values.</summary>
    private CallTreeSide Side(long[] selves, bool hasNegativeSamples)
    {
        var keys = _table.Keys;
        long[]? widths = null;
        if (hasNegativeSamples)
        {
            widths = new long[selves.Length];
            for (var node = selves.Length - 1; node > 0; node--)
            {
                widths[node] += LongMath.Abs(selves[node]);
                widths[(int)(keys[node] >> 32)] += widths[node];
            }

            widths[0] += LongMath.Abs(selves[0]);
        }

        // In reverse every callee comes before its caller.
        for (var node = selves.Length - 1; node > 0; node--)
        {
            selves[(int)(keys[node] >> 32)] += selves[node];
        }

        return new CallTreeSide(selves, widths ?? selves);
    }

    /// <summary>
    /// Whether the trees of a report with <paramref name="filter"/> and another focus or ignore can be derived: not
    /// when it hides, shows or cuts frames, which the focus and ignore are matched on before.
    /// </summary>
    public static bool CanDerive(ProfileFilter filter) =>
        filter is { Hide: null, Show: null, ShowFrom: null, PruneFrom: null };

    /// <summary>What the name filters match of each location (<see cref="NameFilters"/>): its lines' functions' names and files, and its binary.</summary>
    internal static string[][] TextsOf(Profile profile) => [.. profile.Locations.Select(location =>
    {
        var texts = new List<string>(location.Lines.Length * 2 + 1);
        foreach (var line in location.Lines)
        {
            if (line.Function is { } function)
            {
                texts.Add(function.Name);
                texts.Add(function.Filename);
            }
        }

        if (location.Mapping is { } mapping)
        {
            texts.Add(mapping.File);
        }

        return texts.ToArray();
    })];

    /// <summary>
    /// By frame number, <see cref="Focused"/> and <see cref="Ignored"/> where every location with that frame matches;
    /// null when some location's match is not told by its frames.
    /// </summary>
    private byte[]? FrameFilters(Regex? focus, Regex? ignore)
    {
        var frames = new byte[_table.Names.Count];
        if (focus is null && ignore is null)
        {
            return frames;
        }

        frames.AsSpan().Fill(Focused | Ignored);
        var locations = new byte[_table.LocationCount];
        for (var location = 0; location < locations.Length; location++)
        {
            locations[location] = (byte)((Matches(location, focus) ? Focused : 0) | (Matches(location, ignore) ? Ignored : 0));
            foreach (var frame in _table.LocationFrames(location))
            {
                frames[frame] &= locations[location];
            }
        }

        for (var location = 0; location < locations.Length; location++)
        {
            byte told = 0;
            foreach (var frame in _table.LocationFrames(location))
            {
                told |= frames[frame];
            }

            if (told != locations[location])
            {
                return null;
            }
        }

        return frames;
    }

    private bool Matches(int location, Regex? regex)
    {
        if (regex is null)
        {
            return false;
        }

        foreach (var text in _locationTexts[location])
        {
            if (regex.IsMatch(text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The nodes that the samples kept pass through, numbered as merging those samples numbers them: a sample's nodes
    /// that no sample before it passed through, from the root down. A node's samples are kept or not alike, so a
    /// sample's new nodes are the tail of its path, up from where it ends to the first node numbered.
    /// </summary>
    private StackTable? Derive(int sampleIndex, byte[] frameFilters, bool focused)
    {
        var count = _table.Count;
        var keys = _table.Keys;
        var filtered = focused || frameFilters.AsSpan().ContainsAnyExcept((byte)0);
        // By node, the filters its path matched.
        var matched = filtered ? new byte[count] : [];
        for (var node = 1; node < matched.Length; node++)
        {
            var key = keys[node];
            matched[node] = (byte)(matched[(int)(key >> 32)] | frameFilters[(int)key]);
        }

        bool Kept(int node) => !filtered || (((matched[node] & Focused) != 0 || !focused) && (matched[node] & Ignored) == 0);

        if (!filtered && _table.ValuedEverywhere is { Length: > 0 } valued && valued[sampleIndex])
        {
            return WithValues(sampleIndex);
        }

        // Room for every node, of which only those kept are written: memory never touched costs nothing.
        var derived = new Derivation(count);
        var ends = _table.SampleEnds;
        var derivedEnds = new int[ends.Length];
        if (sampleIndex == _table.SampleIndex && !_table.HasNegativeSamples)
        {
            // The same values: this tree's samples are the ones the index keeps, and its selves are theirs.
            var selves = _table.Selves;
            for (var sample = 0; sample < ends.Length; sample++)
            {
                var end = ends[sample];
                derivedEnds[sample] = end >= 0 && Kept(end) ? derived.Add(keys, end, 0) : -1;
            }

            // The root's own samples (of locations without frames) are kept unless a focus asks for a frame.
            derived.Selves[0] = Kept(0) ? selves[0] : 0;
            for (var node = 1; node < count; node++)
            {
                if (derived.Number(node) is > 0 and var number && Kept(node))
                {
                    derived.Selves[number] = selves[node];
                }
            }
        }
        else if (_table.SampleValues is { Length: > 0 } sampleValues)
        {
            // A tree of every sample: a sample left out has no frames, or no values.
            var values = sampleValues[sampleIndex];
            for (var sample = 0; sample < ends.Length; sample++)
            {
                var end = ends[sample];
                derivedEnds[sample] = values[sample] != 0 && end >= 0 && Kept(end) ? derived.Add(keys, end, values[sample]) : -1;
            }
        }
        else
        {
            var cursor = _profile.Samples.GetCursor();
            for (var sample = 0; cursor.MoveNext(); sample++)
            {
                var value = cursor.Values[sampleIndex];
                var end = ends[sample];
                derivedEnds[sample] = -1;
                if (value == 0 || (end < 0 && cursor.Stack.IsEmpty))
                {
                    continue;
                }

                if (end < 0)
                {
                    // A sample of the derived tree that this one left out (its value here was zero).
                    return null;
                }

                if (Kept(end))
                {
                    derivedEnds[sample] = derived.Add(keys, end, value);
                }
            }
        }

        var (derivedKeys, derivedSelves) = derived.Count == count ? (derived.Keys, derived.Selves) : (derived.Keys[..derived.Count], derived.Selves[..derived.Count]);
        return new StackTable(derivedKeys, derivedSelves, derived.Count, _table, sampleIndex, derived.HasNegativeSamples, derivedEnds);
    }

    /// <summary>The tree of every sample with the values of a sample index where every sample has one: the same nodes.</summary>
    private StackTable WithValues(int sampleIndex)
    {
        var selves = new long[_table.Count];
        var ends = _table.SampleEnds;
        var values = _table.SampleValues[sampleIndex];
        var hasNegativeSamples = false;
        for (var sample = 0; sample < ends.Length; sample++)
        {
            if (ends[sample] >= 0)
            {
                selves[ends[sample]] += values[sample];
                hasNegativeSamples |= values[sample] < 0;
            }
        }

        return _table.WithSelves(selves, sampleIndex, hasNegativeSamples);
    }

    /// <summary>The derived tree as its nodes are numbered: by node of the tree it is derived from, its number there.</summary>
    private sealed class Derivation(int capacity)
    {
        /// <summary>By node, its number in the derived tree; 0 for none yet, since only the root has that number.</summary>
        private readonly int[] _numbers = new int[capacity];
        private int[] _path = new int[64];

        public long[] Keys { get; } = NewKeys(capacity);

        public long[] Selves { get; } = new long[capacity];

        public int Count { get; private set; } = 1;

        public bool HasNegativeSamples { get; private set; }

        public int Number(int node) => _numbers[node];

        /// <summary>Adds a sample that ends at <paramref name="end"/> with <paramref name="value"/>; returns its end's number.</summary>
        public int Add(ReadOnlySpan<long> keys, int end, long value)
        {
            var length = 0;
            for (var node = end; node != 0 && _numbers[node] == 0; node = (int)(keys[node] >> 32))
            {
                if (length == _path.Length)
                {
                    Array.Resize(ref _path, length * 2);
                }

                _path[length++] = node;
            }

            for (var i = length - 1; i >= 0; i--)
            {
                var node = _path[i];
                var number = _numbers[node] = Count++;
                var key = keys[node];
                Keys[number] = StackTable.Key(_numbers[(int)(key >> 32)], (int)key);
            }

            var ended = _numbers[end];
            Selves[ended] += value;
            HasNegativeSamples |= value < 0;
            return ended;
        }

        private static long[] NewKeys(int capacity)
        {
            var keys = new long[capacity];
            keys[0] = StackTable.Key(-1, -1);
            return keys;
        }
    }
}
