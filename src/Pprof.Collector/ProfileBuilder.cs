using System.Text;
using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>A frame of a location: a function, its source file and line (0 when unknown).</summary>
internal sealed record FrameLine(string Name, string SystemName = "", string FileName = "", long Line = 0);

/// <summary>
/// Builds a <see cref="Profile"/> frame by frame: interns functions, locations and mappings, and adds up samples with
/// the same stack and labels. Values are fractional while they add up (weights of sampled events) and rounded once.
/// Samples of the target's work for the session itself (<see cref="SessionWork"/>) are left out, and a comment says how much.
/// </summary>
internal sealed class ProfileBuilder
{
    private readonly Profile _profile;
    private readonly Dictionary<string, Function> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Lines, Mapping? Mapping), int> _locations = [];
    private readonly Dictionary<string, Mapping> _mappings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingSample> _samples = new(StringComparer.Ordinal);
    private readonly StringBuilder _key = new();
    private readonly HashSet<int> _sessionWork = [];
    private double[]? _leftOut;
    private int _leftOutSamples;

    public ProfileBuilder(params SampleType[] sampleTypes) => _profile = new Profile(sampleTypes);

    /// <summary>The mapping of a module, made on first use.</summary>
    public Mapping Module(string path, ulong start, ulong size)
    {
        if (!_mappings.TryGetValue(path, out var mapping))
        {
            mapping = new Mapping
            {
                Id = (ulong)_profile.Mappings.Count + 1,
                Start = start,
                Limit = start + size,
                File = path,
                HasFunctions = true,
            };
            _profile.Mappings.Add(mapping);
            _mappings[path] = mapping;
        }

        return mapping;
    }

    /// <summary>
    /// The location index of a frame, for <see cref="Add"/>: one per function, module and line, without an address.
    /// </summary>
    /// <param name="systemName">The name with its signature, when it has one.</param>
    /// <param name="fileName">The function's source file, when known.</param>
    /// <param name="line">The frame's source line, 0 when unknown.</param>
    public int Frame(string name, string systemName = "", Mapping? mapping = null, string fileName = "", long line = 0) =>
        Frame([new FrameLine(name, systemName, fileName, line)], mapping);

    /// <summary>
    /// The location index of an address where calls were inlined: one location with a line per method, innermost
    /// first, as pprof keeps them.
    /// </summary>
    public int Frame(IReadOnlyList<FrameLine> lines, Mapping? mapping)
    {
        _key.Clear();
        foreach (var line in lines)
        {
            _key.Append(line.Name).Append(':').Append(line.Line).Append('\0');
        }

        var key = _key.ToString();
        if (_locations.TryGetValue((key, mapping), out var index))
        {
            return index;
        }

        index = _profile.Locations.Count;
        _profile.Locations.Add(new Location
        {
            Id = (ulong)index + 1,
            Mapping = mapping,
            Lines = [.. lines.Select(line => new Line(Function(line), line.Line))],
        });
        _locations[(key, mapping)] = index;
        if (lines.Any(line => SessionWork.IsEnableCallback(line.Name)))
        {
            _sessionWork.Add(index);
        }

        return index;
    }

    /// <summary>Adds values to the sample with this stack (location indices, leaf first) and labels.</summary>
    public void Add(ReadOnlySpan<int> stack, ReadOnlySpan<double> values, params Label[] labels)
    {
        if (IsSessionWork(stack))
        {
            _leftOut ??= new double[values.Length];
            _leftOutSamples++;
            for (var i = 0; i < values.Length; i++)
            {
                _leftOut[i] += values[i];
            }

            return;
        }

        _key.Clear();
        foreach (var location in stack)
        {
            _key.Append(location).Append(',');
        }

        foreach (var label in labels)
        {
            _key.Append('\0').Append(label.Key).Append('=').Append(label.Str).Append(label.Num);
        }

        var key = _key.ToString();
        if (!_samples.TryGetValue(key, out var sample))
        {
            sample = new PendingSample(stack.ToArray(), labels, new double[values.Length]);
            _samples[key] = sample;
        }

        for (var i = 0; i < values.Length; i++)
        {
            sample.Values[i] += values[i];
        }
    }

    /// <summary>The profile, with every sample's values rounded to whole units.</summary>
    /// <param name="mainModule">
    /// The file name of the app's own module, made the first mapping: pprof takes the first for the main binary.
    /// </param>
    public Profile Build(string? mainModule = null)
    {
        var main = _profile.Mappings.FindIndex(
            m => string.Equals(Path.GetFileName(m.File), mainModule, StringComparison.OrdinalIgnoreCase));
        if (main > 0)
        {
            var mapping = _profile.Mappings[main];
            _profile.Mappings.RemoveAt(main);
            _profile.Mappings.Insert(0, mapping);
            for (var i = 0; i < _profile.Mappings.Count; i++)
            {
                _profile.Mappings[i].Id = (ulong)i + 1;
            }
        }

        var values = new long[_profile.SampleTypes.Count];
        var totals = new double[values.Length];
        foreach (var sample in _samples.Values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (long)Math.Round(sample.Values[i]);
                totals[i] += sample.Values[i];
            }

            _profile.Samples.Add(sample.Stack, values, sample.Labels);
        }

        if (_leftOut is { } leftOut)
        {
            _profile.Comments.Add(LeftOutComment(leftOut, totals));
        }

        return _profile;
    }

    private bool IsSessionWork(ReadOnlySpan<int> stack)
    {
        if (_sessionWork.Count > 0)
        {
            foreach (var location in stack)
            {
                if (_sessionWork.Contains(location))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>What was left out, in every sample type, and its share of what the profile would have had.</summary>
    private string LeftOutComment(double[] leftOut, double[] kept)
    {
        var amounts = _profile.SampleTypes.Select((type, i) =>
            $"{Math.Round(leftOut[i]):0} {(type.Unit == "count" ? "" : type.Unit + " of ")}{type.Type} ({Share(leftOut[i], kept[i]):0.0}% of it)");
        return $"left out: {_leftOutSamples} stacks of {SessionWork.What}: {string.Join(", ", amounts)}";
    }

    private static double Share(double part, double rest) => part + rest > 0 ? 100 * part / (part + rest) : 0;

    private Function Function(FrameLine line)
    {
        if (!_functions.TryGetValue(line.Name, out var function))
        {
            function = new Function
            {
                Id = (ulong)_profile.Functions.Count + 1,
                Name = line.Name,
                SystemName = line.SystemName.Length > 0 ? line.SystemName : line.Name,
                Filename = line.FileName,
            };
            _profile.Functions.Add(function);
            _functions[line.Name] = function;
        }

        return function;
    }

    private sealed record PendingSample(int[] Stack, Label[] Labels, double[] Values);
}
