using System.Runtime.InteropServices;

namespace Pprof.Profiles;

/// <summary>
/// Merges profiles of the same kind into one, as pprof does: equal mappings, functions and locations become one,
/// samples with equal stacks and labels are summed, and samples that sum to zero disappear.
/// </summary>
internal static class Merger
{
    public static Profile Merge(IReadOnlyList<Profile> sources)
    {
        if (sources.Count == 0)
        {
            throw new ArgumentException("no profiles to merge", nameof(sources));
        }

        foreach (var source in sources.Skip(1))
        {
            CheckCompatible(sources[0], source);
        }

        var merged = CombineHeaders(sources);
        var state = new MergeState(merged);
        foreach (var source in sources)
        {
            state.BeginSource(source);
            if (merged.Mappings.Count == 0 && source.Mappings.Count > 0)
            {
                state.MapMapping(source.Mappings[0]);
            }

            var cursor = source.Samples.GetCursor();
            while (cursor.MoveNext())
            {
                if (!IsZero(cursor.Values))
                {
                    state.AddSample(cursor.Stack, cursor.Values, cursor.Labels);
                }
            }
        }

        merged.Samples = state.Samples();
        var check = merged.Samples.GetCursor();
        while (check.MoveNext())
        {
            if (IsZero(check.Values))
            {
                return Merge([merged]);
            }
        }

        return merged;
    }

    /// <summary>Removes what no sample uses and combines duplicates: a merge of one profile.</summary>
    public static Profile Compact(Profile profile) => Merge([profile]);

    public static void CheckCompatible(Profile a, Profile b)
    {
        if (!Equals(a.PeriodType ?? new SampleType("", ""), b.PeriodType ?? new SampleType("", "")))
        {
            throw new ProfileFormatException($"incompatible period types {a.PeriodType} and {b.PeriodType}");
        }

        if (!a.SampleTypes.SequenceEqual(b.SampleTypes))
        {
            throw new ProfileFormatException(
                $"incompatible sample types [{string.Join(' ', a.SampleTypes)}] and [{string.Join(' ', b.SampleTypes)}]");
        }
    }

    private static bool IsZero(ReadOnlySpan<long> values)
    {
        foreach (var value in values)
        {
            if (value != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static Profile CombineHeaders(IReadOnlyList<Profile> sources)
    {
        long timeNanos = 0, durationNanos = 0, period = 0;
        var comments = new List<string>();
        var defaultSampleType = "";
        foreach (var source in sources)
        {
            // pprof takes the earliest time, but a later profile without a time resets it: kept for parity.
            if (timeNanos == 0 || source.TimeNanos < timeNanos)
            {
                timeNanos = source.TimeNanos;
            }

            durationNanos += source.DurationNanos;
            if (period == 0 || period < source.Period)
            {
                period = source.Period;
            }

            comments.AddRange(source.Comments.Where(c => !comments.Contains(c)));
            if (defaultSampleType.Length == 0)
            {
                defaultSampleType = source.DefaultSampleType;
            }
        }

        var first = sources[0];
        return new Profile(first.SampleTypes)
        {
            DropFrames = first.DropFrames,
            KeepFrames = first.KeepFrames,
            TimeNanos = timeNanos,
            DurationNanos = durationNanos,
            PeriodType = first.PeriodType,
            Period = period,
            Comments = comments,
            DefaultSampleType = defaultSampleType,
            DocUrl = first.DocUrl,
        };
    }

    private readonly record struct MappingKey(ulong Size, ulong Offset, string BuildIdOrFile);

    private readonly record struct FunctionKey(long StartLine, string Name, string SystemName, string Filename);

    private readonly record struct LocationKey(ulong Address, ulong MappingId, string Lines, bool IsFolded);

    private sealed class MergeState(Profile merged)
    {
        private readonly Profile _merged = merged;
        private readonly Dictionary<MappingKey, Mapping> _mappings = [];
        private readonly Dictionary<FunctionKey, Function> _functions = [];
        private readonly Dictionary<LocationKey, int> _locations = [];
        private readonly SampleHashTable _samples = new(merged.SampleTypes.Count);

        private readonly List<int> _stack = [];
        private readonly List<Label> _labels = [];
        private Dictionary<Mapping, (Mapping Mapping, long Offset)> _mappingsBySource = new(ReferenceEqualityComparer.Instance);
        private Dictionary<Function, Function> _functionsBySource = new(ReferenceEqualityComparer.Instance);
        private int[] _locationsBySource = [];
        private Profile _source = merged;

        public SampleList Samples() => _samples.ToSampleList();

        public void BeginSource(Profile source)
        {
            _source = source;
            _mappingsBySource = new(ReferenceEqualityComparer.Instance);
            _functionsBySource = new(ReferenceEqualityComparer.Instance);
            _locationsBySource = new int[source.Locations.Count];
            Array.Fill(_locationsBySource, -1);
        }

        public void AddSample(ReadOnlySpan<int> stack, ReadOnlySpan<long> values, ReadOnlySpan<Label> labels)
        {
            _stack.Clear();
            foreach (var location in stack)
            {
                _stack.Add(MapLocation(location));
            }

            _labels.Clear();
            foreach (var label in labels)
            {
                _labels.Add(label);
            }

            // Label order must not split equal samples: string labels first, then numeric, each by key.
            if (_labels.Count > 1)
            {
                var ordered = _labels.Select((l, i) => (l, i)).OrderBy(x => x.l.IsNumeric).ThenBy(x => x.l.Key, StringComparer.Ordinal)
                    .ThenBy(x => x.i).Select(x => x.l).ToList();
                _labels.Clear();
                _labels.AddRange(ordered);
            }

            _samples.Add(CollectionsMarshal.AsSpan(_stack), values, CollectionsMarshal.AsSpan(_labels));
        }

        public (Mapping Mapping, long Offset)? MapMapping(Mapping? source)
        {
            if (source is null)
            {
                return null;
            }

            if (_mappingsBySource.TryGetValue(source, out var known))
            {
                return known;
            }

            const ulong rounding = 0x1000;
            var size = source.Limit - source.Start;
            size = size + rounding - 1;
            size -= size % rounding;
            var key = new MappingKey(size, source.Offset, source.BuildId.Length != 0 ? source.BuildId : source.File);
            if (_mappings.TryGetValue(key, out var existing))
            {
                var result = (existing, (long)existing.Start - (long)source.Start);
                _mappingsBySource[source] = result;
                return result;
            }

            var mapping = source.Clone();
            mapping.Id = (ulong)_merged.Mappings.Count + 1;
            _merged.Mappings.Add(mapping);
            _mappings[key] = mapping;
            _mappingsBySource[source] = (mapping, 0);
            return (mapping, 0);
        }

        private int MapLocation(int sourceIndex)
        {
            if (_locationsBySource[sourceIndex] is var known and >= 0)
            {
                return known;
            }

            var source = _source.Locations[sourceIndex];
            var mapped = MapMapping(source.Mapping);
            var location = new Location
            {
                Id = (ulong)_merged.Locations.Count + 1,
                Mapping = mapped?.Mapping,
                Address = (ulong)((long)source.Address + (mapped?.Offset ?? 0)),
                Lines = [.. source.Lines.Select(l => l with { Function = MapFunction(l.Function) })],
                IsFolded = source.IsFolded,
            };
            var key = new LocationKey(
                location.Address - (location.Mapping?.Start ?? 0),
                location.Mapping?.Id ?? 0,
                string.Join('|', location.Lines.Select(l => $"{l.Function?.Id ?? 0:x}|{l.Number:x}")),
                location.IsFolded);
            if (!_locations.TryGetValue(key, out var index))
            {
                index = _merged.Locations.Count;
                _merged.Locations.Add(location);
                _locations[key] = index;
            }

            _locationsBySource[sourceIndex] = index;
            return index;
        }

        private Function? MapFunction(Function? source)
        {
            if (source is null)
            {
                return null;
            }

            if (_functionsBySource.TryGetValue(source, out var known))
            {
                return known;
            }

            var key = new FunctionKey(source.StartLine, source.Name, source.SystemName, source.Filename);
            if (!_functions.TryGetValue(key, out var function))
            {
                function = source.Clone();
                function.Id = (ulong)_merged.Functions.Count + 1;
                _merged.Functions.Add(function);
                _functions[key] = function;
            }

            _functionsBySource[source] = function;
            return function;
        }
    }
}
