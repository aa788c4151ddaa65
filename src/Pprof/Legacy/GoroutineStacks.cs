using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// Builds the profile of a goroutine dump: one location per distinct (function, file, line), and one sample per
/// distinct stack and state, counting the goroutines that share them, labelled <c>state</c>.
/// </summary>
internal sealed class GoroutineStacks
{
    private readonly Dictionary<(string Name, string File), Function> _functions = [];
    private readonly Dictionary<(Function Function, long Line), int> _locations = [];
    private readonly Dictionary<(string State, string Stack), int> _samples = [];
    private readonly List<(int[] Stack, string State)> _stacks = [];
    private readonly List<long> _counts = [];
    private readonly Profile _profile = new([new SampleType("goroutine", "count")])
    {
        PeriodType = new SampleType("goroutine", "count"),
        Period = 1,
        DropFrames = LegacyFrameInfo.DefaultDropFrames,
    };

    public int LocationFor(string name, (string File, long Line) position)
    {
        if (!_functions.TryGetValue((name, position.File), out var function))
        {
            function = new Function { Id = (ulong)_functions.Count + 1, Name = name, SystemName = name, Filename = position.File };
            _functions[(name, position.File)] = function;
            _profile.Functions.Add(function);
        }

        if (!_locations.TryGetValue((function, position.Line), out var index))
        {
            index = _profile.Locations.Count;
            _locations[(function, position.Line)] = index;
            _profile.Locations.Add(new Location { Id = (ulong)index + 1, Lines = [new Line(function, position.Line)] });
        }

        return index;
    }

    public void AddGoroutine(List<int> stack, string state)
    {
        var key = (state, string.Join(',', stack));
        if (_samples.TryGetValue(key, out var sample))
        {
            _counts[sample]++;
            return;
        }

        _samples[key] = _stacks.Count;
        _stacks.Add(([.. stack], state));
        _counts.Add(1);
    }

    public Profile ToProfile()
    {
        for (var i = 0; i < _stacks.Count; i++)
        {
            _profile.Samples.Add(_stacks[i].Stack, [_counts[i]], [Label.String("state", _stacks[i].State)]);
        }

        return _profile;
    }
}
