using System.Text.RegularExpressions;
using Pprof.Profiles;

namespace Pprof.Reports;

/// <summary>
/// A report's samples merged into a call tree, with the node each sample's stack ends at and what the name filters
/// read of each location, kept so that the call tree of the same report with another focus, ignore, hide, show or
/// sample index is derived from it: passes over its nodes and the samples' values, where merging the samples again
/// looks up every frame of every sample. A derived table is the one <see cref="ProfileReport.CallTreeTable"/> makes
/// of the derived report, node numbers included.
/// </summary>
/// <remarks>
/// A sample is kept by a focus when a location of its stack matches, and all the frames of that location are on its
/// path in the tree; so a node's samples are kept when its path holds a frame that only matching locations have. A
/// hide or show removes lines, each of which is a frame. Where a frame is shared by locations or lines that a filter
/// tells apart (a regexp on files or binaries at the functions' granularity, say), the tree cannot tell their samples
/// apart, and nothing is derived.
/// </remarks>
public sealed class CallTreeSamples
{
    private const byte Focused = 1;
    private const byte Ignored = 2;

    private readonly StackTable _table;
    private readonly Profile _profile;

    /// <summary>By location: what the name filters read of it, as they found it.</summary>
    private readonly LocationNames[] _locationNames;

    /// <summary>Whether each line of a location is a frame: not when inlined frames are left out (<c>-noinlines</c>).</summary>
    private readonly bool _linesAreFrames;

    /// <summary>The unit of each numeric label key, which tag filters' ranges are read in.</summary>
    private readonly Lazy<Dictionary<string, string>> _labelUnits;

    private readonly bool _filtered;

    /// <summary>Whether these are the samples of a table derived with filters, which are not derived from again.</summary>
    internal bool IsFiltered => _filtered;

    internal CallTreeSamples(StackTable table, Profile profile, LocationNames[] locationNames, bool linesAreFrames, bool filtered = false)
    {
        _table = table;
        _profile = profile;
        _locationNames = locationNames;
        _linesAreFrames = linesAreFrames;
        _filtered = filtered;
        // The warnings of keys seen with several units were given by the report the tree was made for.
        _labelUnits = new(() => ProfileFilter.LabelUnits(profile, _ => { }));
    }

    /// <summary>
    /// The same samples merged into one tree whatever their values, which the call tree of every sample index, focus
    /// and ignore of the report is part of, and is derived from in a fraction of the time merging takes.
    /// </summary>
    /// <exception cref="InvalidOperationException">These are the samples of a table derived with filters, which every sample is not.</exception>
    public CallTreeSamples EverySample() => _filtered
        ? throw new InvalidOperationException("the samples of a table derived with filters are not every sample: take the tree of every sample from the table without filters")
        : new(StackTable.EverySample(_table, _profile.Samples), _profile, _locationNames, _linesAreFrames);

    /// <summary>
    /// The call table of the report with <paramref name="sampleIndex"/> (as <c>-sample_index</c>, null for the
    /// default) and the focus, ignore, hide, show, tagfocus and tagignore of <paramref name="filters"/> instead of its
    /// own (its other filters are this table's report's); null when it cannot be derived exactly from these samples: a
    /// frame shared by locations or lines the filters tell apart, a sample the index keeps that this tree left out, or
    /// most of the tree falling together where frames are removed, which merging does faster. Tag filters read the
    /// labels as this table's report left them: not derived under a <c>-tagshow</c> or <c>-taghide</c>, which pprof
    /// applies after them (see <see cref="CanDerive"/>). A table derived with any of these filters is not derived from in
    /// turn (this gives null for its <see cref="CallTreeTable.Samples"/>): the next filters would be matched on what
    /// these left.
    /// </summary>
    /// <exception cref="ArgumentException">The profile has no such sample index.</exception>
    /// <exception cref="RegexMatchTimeoutException">A regexp took longer than its timeout on a name.</exception>
    public CallTreeTable? Derive(string? sampleIndex, ProfileFilter filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (_filtered)
        {
            return null;
        }

        var index = SampleIndex.Resolve(_profile, sampleIndex ?? "");
        var (focus, ignore, hide, show) = (filters.Focus, filters.Ignore, filters.Hide, filters.Show);
        if (FrameFilters(focus, ignore) is not { } frameFilters || RemovedFrames(hide, show) is not { } removed)
        {
            return null;
        }

        if (removed.Length > 0 && MostlyRemoved(removed))
        {
            return null;
        }

        var table = Derive(index, frameFilters, focus is not null, removed.Length == 0 ? null : removed, SamplesKept(filters.TagFocus, filters.TagIgnore));
        var filtered = filters is not { Focus: null, Ignore: null, Hide: null, Show: null, TagFocus: null, TagIgnore: null };
        return table is null ? null : new CallTreeTable(table) { Samples = new CallTreeSamples(table, _profile, _locationNames, _linesAreFrames, filtered) };
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

    /// <summary>
    /// The two sides of a <c>-diff_base</c> comparison whose sides have no negative values of their own, as
    /// <see cref="DiffBaseApart()"/> tells them apart in the tree <see cref="Derive"/> gives for
    /// <paramref name="sampleIndex"/> and the focus, ignore, tagfocus and tagignore of <paramref name="filters"/>, over
    /// this tree's frames instead, without deriving that tree: a frame of it is a frame of this tree that a sample the
    /// filters keep reaches, with the same values. A sample's side is its value's sign, the base's values being negated:
    /// no label is read. Null where <see cref="Derive"/> gives null, and under a hide or show (which makes frames fall
    /// together). Of a tree derived with filters, only its own sides are told apart: without filters, at its own
    /// sample index.
    /// </summary>
    /// <exception cref="ArgumentException">The profile has no such sample index.</exception>
    /// <exception cref="RegexMatchTimeoutException">A regexp took longer than its timeout on a name.</exception>
    public CallTreeComparison? DiffBaseApart(string? sampleIndex, ProfileFilter filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters is not { Hide: null, Show: null })
        {
            return null;
        }

        var index = SampleIndex.Resolve(_profile, sampleIndex ?? "");
        if (_filtered && (index != _table.SampleIndex || filters is not { Focus: null, Ignore: null, TagFocus: null, TagIgnore: null }))
        {
            return null;
        }

        if (FrameFilters(filters.Focus, filters.Ignore) is not { } frameFilters)
        {
            return null;
        }

        var samplesKept = SamplesKept(filters.TagFocus, filters.TagIgnore);
        var kept = KeptNodes(frameFilters, filters.Focus is not null);
        try
        {
            var (baseValues, newValues) = (new long[_table.Count], new long[_table.Count]);
            if (!SideSelves(index, kept, samplesKept, baseValues, newValues))
            {
                return null;
            }

            // Each side's values summed up the tree in place: without negative samples of its own, its widths are its
            // values. The callees are listed for each comparison, which lasts as long as its sides.
            var callees = (Starts: new int[_table.Count + 1], Callees: new int[Math.Max(_table.Count - 1, 0)]);
            Parallel.Invoke(() => SumUp(baseValues), () => SumUp(newValues), () => _table.ListCallees(callees.Starts, callees.Callees));
            return new CallTreeComparison(_table, callees, new CallTreeSide(baseValues, baseValues), new CallTreeSide(newValues, newValues));
        }
        finally
        {
            if (kept is not null)
            {
                SpareArray<byte>.Give(kept);
            }
        }
    }

    /// <summary>
    /// By node, the value of the samples kept that end there, the base's (negative) negated back into
    /// <paramref name="baseSelves"/> and the new profile's into <paramref name="newSelves"/>; false when a sample the
    /// index keeps was left out of this tree (of a tree derived with filters, one they dropped).
    /// </summary>
    private bool SideSelves(int sampleIndex, byte[]? kept, bool[]? samplesKept, long[] baseSelves, long[] newSelves)
    {
        var ends = _table.SampleEnds;
        void Add(int end, long value)
        {
            if (value < 0)
            {
                baseSelves[end] -= value;
            }
            else
            {
                newSelves[end] += value;
            }
        }

        if (_table.SampleValues is { Length: > 0 } sampleValues)
        {
            var values = sampleValues[sampleIndex];
            for (var sample = 0; sample < ends.Length; sample++)
            {
                var end = ends[sample];
                if (values[sample] != 0 && end >= 0 && (kept is null || kept[end] != 0) && (samplesKept is null || samplesKept[sample]))
                {
                    Add(end, values[sample]);
                }
            }

            return true;
        }

        var cursor = _profile.Samples.GetCursor();
        for (var sample = 0; cursor.MoveNext(); sample++)
        {
            var (value, end) = (cursor.Values[sampleIndex], ends[sample]);
            if (value == 0 || (end < 0 && cursor.Stack.IsEmpty) || (samplesKept is not null && !samplesKept[sample]))
            {
                continue;
            }

            if (end < 0 && !_filtered)
            {
                return false;
            }

            // A tree derived with filters left out the samples they drop.
            if (end >= 0 && (kept is null || kept[end] != 0))
            {
                Add(end, value);
            }
        }

        return true;
    }

    /// <summary>Sums each node's value into its caller's, from the leaves up: in reverse every callee comes before its caller.</summary>
    private void SumUp(long[] values)
    {
        var keys = _table.Keys;
        for (var node = keys.Length - 1; node > 0; node--)
        {
            values[(int)(keys[node] >> 32)] += values[node];
        }
    }

    /// <summary>A side's values and widths from the value of its samples that end at each frame.</summary>
    private CallTreeSide Side(long[] selves, bool hasNegativeSamples)
    {
        var (values, widths) = _table.Totals(selves, hasNegativeSamples);
        return new CallTreeSide(values, widths);
    }

    /// <summary>
    /// Whether the trees of a report with <paramref name="filter"/> and another focus, ignore, hide, show, tagfocus or
    /// tagignore can be derived: not when it cuts stacks (<c>-show_from</c>, <c>-prune_from</c>), which the other
    /// filters are matched on before, nor a tag filter under a <c>-tagshow</c> or <c>-taghide</c>.
    /// </summary>
    public static bool CanDerive(ProfileFilter filter) =>
        filter is { ShowFrom: null, PruneFrom: null } && (filter is { TagFocus: null, TagIgnore: null } || filter is { TagShow: null, TagHide: null });

    /// <summary>What the name filters read of each location (<see cref="NameFilters"/>).</summary>
    internal static LocationNames[] NamesOf(Profile profile) => [.. profile.Locations.Select(location => new LocationNames(
        [.. location.Lines.Select(line => line.Function is { } function ? (function.Name, function.Filename) : ((string, string)?)null)],
        location.Mapping?.File))];

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

    /// <summary>
    /// By frame number, 1 where <paramref name="hide"/> or <paramref name="show"/> removes the frame's lines, as
    /// <see cref="NameFilters"/> does; empty when neither is given; null when some frame's lines are removed in one
    /// place and not in another, or lines are not frames.
    /// </summary>
    internal byte[]? RemovedFrames(Regex? hide, Regex? show)
    {
        if (hide is null && show is null)
        {
            return [];
        }

        if (!_linesAreFrames)
        {
            return null;
        }

        const byte Kept = 1, Removed = 2;
        var verdicts = new byte[_table.Names.Count];
        bool Tell(int frame, bool removed)
        {
            verdicts[frame] |= removed ? Removed : Kept;
            return verdicts[frame] != (Kept | Removed);
        }

        for (var location = 0; location < _locationNames.Length; location++)
        {
            var (lines, binary) = _locationNames[location];
            var frames = _table.LocationFrames(location);
            var hideBinary = hide is not null && binary is not null && hide.IsMatch(binary);
            var showBinary = show is not null && binary is not null && show.IsMatch(binary);
            if (lines.Length == 0)
            {
                // Its one frame is its address: hidden with its binary, and never shown, since it has no line to keep.
                if (!Tell(frames[0], hideBinary || show is not null))
                {
                    return null;
                }

                continue;
            }

            if (frames.Length != lines.Length)
            {
                return null;
            }

            for (var i = 0; i < lines.Length; i++)
            {
                // Lines are innermost first, frames from the root down. A line without a function is never matched.
                var hidden = hide is not null && (hideBinary || (lines[i] is var (name, file) && (hide.IsMatch(name) || hide.IsMatch(file))));
                var shown = show is null || showBinary || lines[i] is not var (shownName, shownFile) || show.IsMatch(shownName) || show.IsMatch(shownFile);
                if (!Tell(frames[frames.Length - 1 - i], hidden || !shown))
                {
                    return null;
                }
            }
        }

        return [.. verdicts.Select(verdict => (byte)(verdict == Removed ? 1 : 0))];
    }

    /// <summary>
    /// Whether more than an eighth of the nodes have a frame <paramref name="removedFrames"/> removes: most of the
    /// tree then falls together, which merging the samples again does faster than deriving (see <see cref="TreeDerivation"/>).
    /// </summary>
    internal bool MostlyRemoved(byte[] removedFrames)
    {
        var keys = _table.Keys;
        var removed = 0;
        for (var node = 1; node < keys.Length; node++)
        {
            removed += removedFrames[(int)keys[node]];
        }

        return removed > Math.Max(keys.Length / 8, 4096);
    }

    /// <summary>By sample, whether the tag filters keep it; null without any.</summary>
    private bool[]? SamplesKept(LabelFilter? tagFocus, LabelFilter? tagIgnore)
    {
        if (tagFocus is null && tagIgnore is null)
        {
            return null;
        }

        var units = _labelUnits.Value;
        var (focus, ignore) = (tagFocus?.Compile(units), tagIgnore?.Compile(units));
        var kept = new bool[_profile.Samples.Count];
        var cursor = _profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var labels = cursor.Labels;
            kept[cursor.Index] = (focus is null || focus(labels)) && (ignore is null || !ignore(labels));
        }

        return kept;
    }

    private bool Matches(int location, Regex? regex)
    {
        if (regex is null)
        {
            return false;
        }

        var (lines, binary) = _locationNames[location];
        foreach (var line in lines)
        {
            if (line is var (name, file) && (regex.IsMatch(name) || regex.IsMatch(file)))
            {
                return true;
            }
        }

        return binary is not null && regex.IsMatch(binary);
    }

    /// <summary>
    /// The nodes that the samples kept pass through, numbered as merging those samples numbers them: a sample's nodes
    /// that no sample before it passed through, from the root down. A node's samples are kept or not alike, so a
    /// sample's new nodes are the tail of its path, up from where it ends to the first node numbered.
    /// </summary>
    /// <param name="removedFrames">By frame, 1 where hide or show removes it; null when none is.</param>
    /// <param name="samplesKept">By sample, whether the tag filters keep it; null without any.</param>
    private StackTable? Derive(int sampleIndex, byte[] frameFilters, bool focused, byte[]? removedFrames, bool[]? samplesKept)
    {
        var filtered = focused || frameFilters.AsSpan().ContainsAnyExcept((byte)0);
        if (!filtered && removedFrames is null && samplesKept is null && _table.ValuedEverywhere is { Length: > 0 } valued && valued[sampleIndex])
        {
            return WithValues(sampleIndex);
        }

        var kept = KeptNodes(frameFilters, focused);
        try
        {
            return Derive(sampleIndex, kept, removedFrames, samplesKept);
        }
        finally
        {
            if (kept is not null)
            {
                SpareArray<byte>.Give(kept);
            }
        }
    }

    /// <summary>
    /// By node, 1 where the focus and ignore keep its samples, in an array of <see cref="SpareArray{T}"/> to give back;
    /// null when they keep every sample.
    /// </summary>
    private byte[]? KeptNodes(byte[] frameFilters, bool focused)
    {
        if (!focused && !frameFilters.AsSpan().ContainsAnyExcept((byte)0))
        {
            return null;
        }

        // By node, the filters its path matched; an array kept between derivations, as their numbers are.
        var count = _table.Count;
        var keys = _table.Keys;
        var matched = SpareArray<byte>.Take(count);
        matched[0] = 0;
        for (var node = 1; node < count; node++)
        {
            var key = keys[node];
            matched[node] = (byte)(matched[(int)(key >> 32)] | frameFilters[(int)key]);
        }

        // Then by node, whether its samples are kept.
        for (var node = 0; node < count; node++)
        {
            matched[node] = (byte)(((matched[node] & Focused) != 0 || !focused) && (matched[node] & Ignored) == 0 ? 1 : 0);
        }

        return matched;
    }

    /// <summary>Numbers the nodes of the samples that end at nodes <paramref name="kept"/> keeps (by node, 1 for kept; null: all).</summary>
    private StackTable? Derive(int sampleIndex, byte[]? kept, byte[]? removedFrames, bool[]? samplesKept)
    {
        bool Kept(int node) => kept is null || kept[node] != 0;
        bool SampleKept(int sample) => samplesKept is null || samplesKept[sample];

        var count = _table.Count;
        var keys = _table.Keys;
        using var derived = new TreeDerivation(count, removedFrames);
        var ends = _table.SampleEnds;
        var derivedEnds = new int[ends.Length];
        if (sampleIndex == _table.SampleIndex && !_table.HasNegativeSamples && samplesKept is null)
        {
            // The same values: this tree's samples are the ones the index keeps, and its selves are theirs.
            var selves = _table.Selves;
            for (var sample = 0; sample < ends.Length; sample++)
            {
                var end = ends[sample];
                derivedEnds[sample] = end >= 0 && Kept(end) ? derived.Add(keys, end, 0) : -1;
            }

            // The root's own samples (of locations without frames) are kept unless a focus asks for a frame. A node
            // whose frames are all removed stands for the root: its samples go, as their stacks are left empty.
            derived.Selves[0] = Kept(0) ? selves[0] : 0;
            for (var node = 1; node < count; node++)
            {
                if (derived.Number(node) is > 0 and var number && Kept(node))
                {
                    derived.Selves[number] += selves[node];
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
                derivedEnds[sample] = values[sample] != 0 && end >= 0 && Kept(end) && SampleKept(sample) ? derived.Add(keys, end, values[sample]) : -1;
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
                if (value == 0 || (end < 0 && cursor.Stack.IsEmpty) || !SampleKept(sample))
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

        if (derived.GaveUp)
        {
            return null;
        }

        // Trimmed to the nodes kept, side by side: two copies of up to the tree's size.
        var (derivedKeys, derivedSelves) = (derived.Keys, derived.Selves);
        if (derived.Count != count)
        {
            Parallel.Invoke(() => derivedKeys = derived.Keys[..derived.Count], () => derivedSelves = derived.Selves[..derived.Count]);
        }

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
}
