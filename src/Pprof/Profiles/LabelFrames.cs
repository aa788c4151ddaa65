using Pprof.Measurement;

namespace Pprof.Profiles;

/// <summary>
/// Pseudo-frames for label values, as <c>-tagroot</c> and <c>-tagleaf</c> add them: for each key, every sample gets a
/// frame whose function is named after its values of that key (strings first, then numbers with their units, joined by
/// commas; empty when it has none) and whose file is the key. Root keys are added rootward of the stack, the first key
/// outermost; leaf keys leafward, the last key innermost. Equal frames share one location, without a mapping.
/// </summary>
internal static class LabelFrames
{
    /// <summary>Adds the frames to <paramref name="profile"/> itself; each flag tells whether some sample had a value of some key.</summary>
    public static (bool RootMatched, bool LeafMatched) Add(
        Profile profile, IReadOnlyList<string> rootKeys, IReadOnlyList<string> leafKeys, string outputUnit)
    {
        if (rootKeys.Count == 0 && leafKeys.Count == 0)
        {
            return (false, false);
        }

        var frames = new FrameTable(profile);
        bool rootMatched = false, leafMatched = false;
        var buffer = new int[Math.Max(profile.Samples.MaxStackLength, 1) + rootKeys.Count + leafKeys.Count];
        profile.Samples.Edit((int _, ref Span<int> stack, Span<long> _, ReadOnlySpan<Label> labels) =>
        {
            var length = 0;
            leafMatched |= AppendFrames(frames, leafKeys, labels, outputUnit, buffer, ref length);
            stack.CopyTo(buffer.AsSpan(length));
            length += stack.Length;
            rootMatched |= AppendFrames(frames, rootKeys, labels, outputUnit, buffer, ref length);
            stack = buffer.AsSpan(0, length);
            return true;
        });
        return (rootMatched, leafMatched);
    }

    /// <summary>Appends one frame per key, last key first (stacks run leaf to root); true when a key had a value.</summary>
    private static bool AppendFrames(
        FrameTable frames, IReadOnlyList<string> keys, ReadOnlySpan<Label> labels, string outputUnit, int[] buffer, ref int length)
    {
        var matched = false;
        for (var i = keys.Count - 1; i >= 0; i--)
        {
            var values = Values(labels, keys[i], outputUnit);
            matched |= values.Count != 0;
            buffer[length++] = frames.IndexOf(string.Join(',', values), keys[i]);
        }

        return matched;
    }

    /// <summary>The sample's values of <paramref name="key"/>: strings, then numbers, scaled when some of them has a unit.</summary>
    private static List<string> Values(ReadOnlySpan<Label> labels, string key, string outputUnit)
    {
        var values = new List<string>();
        var hasUnits = false;
        foreach (var label in labels)
        {
            if (label.Key != key)
            {
                continue;
            }

            if (label.IsNumeric)
            {
                hasUnits |= !string.IsNullOrEmpty(label.NumUnit);
            }
            else
            {
                values.Add(label.Str!);
            }
        }

        foreach (var label in labels)
        {
            if (label.Key == key && label.IsNumeric)
            {
                values.Add(hasUnits ? Units.ScaledLabel(label.Num, label.NumUnit ?? "", outputUnit) : Units.ScaledLabel(label.Num, "", ""));
            }
        }

        return values;
    }

    /// <summary>The pseudo-frames made so far, by name and key, numbered after the profile's own locations and functions.</summary>
    private sealed class FrameTable(Profile profile)
    {
        private readonly Dictionary<(string Name, string Key), int> _indices = [];
        private ulong _nextLocationId = profile.Locations.Count == 0 ? 1 : profile.Locations.Max(l => l.Id) + 1;
        private ulong _nextFunctionId = profile.Functions.Count == 0 ? 1 : profile.Functions.Max(f => f.Id) + 1;

        public int IndexOf(string name, string key)
        {
            if (_indices.TryGetValue((name, key), out var index))
            {
                return index;
            }

            var function = new Function { Id = _nextFunctionId++, Name = name, Filename = key };
            profile.Functions.Add(function);
            profile.Locations.Add(new Location { Id = _nextLocationId++, Lines = [new Line(function, 0)] });
            index = profile.Locations.Count - 1;
            _indices.Add((name, key), index);
            return index;
        }
    }
}
