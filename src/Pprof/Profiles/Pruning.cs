using System.Text.RegularExpressions;

namespace Pprof.Profiles;

/// <summary>Removes uninteresting frames: the profile's drop_frames (allocator internals) and <c>-prune_from</c>.</summary>
internal static class Pruning
{
    private static readonly string[] ReservedNames = ["(anonymous namespace)", "operator()"];

    /// <summary>Applies the profile's own drop_frames and keep_frames expressions.</summary>
    public static void RemoveUninteresting(Profile profile)
    {
        if (profile.DropFrames.Length == 0)
        {
            return;
        }

        var drop = Compile("^(" + profile.DropFrames + ")$", "drop_frames");
        var keep = profile.KeepFrames.Length != 0 ? Compile("^(" + profile.KeepFrames + ")$", "keep_frames") : null;
        Prune(profile, drop, keep);
    }

    /// <summary>
    /// Cuts every stack at its first dropped frame past the first user frame (seen from the root), so that
    /// the code that called into the allocator becomes the leaf.
    /// </summary>
    public static void Prune(Profile profile, Regex drop, Regex? keep)
    {
        var locations = profile.Locations;
        var prune = new bool[locations.Count];
        var pruneBeneath = new bool[locations.Count];
        for (var l = 0; l < locations.Count; l++)
        {
            var location = locations[l];
            int i;
            for (i = location.Lines.Length - 1; i >= 0; i--)
            {
                if (location.Lines[i].Function is { Name.Length: > 0 } function)
                {
                    var name = SimplifyName(function.Name);
                    if (drop.IsMatch(name) && (keep is null || !keep.IsMatch(name)))
                    {
                        break;
                    }
                }
            }

            if (i >= 0)
            {
                pruneBeneath[l] = true;
                if (i == location.Lines.Length - 1)
                {
                    prune[l] = true;
                }
                else
                {
                    location.Lines = location.Lines[(i + 1)..];
                }
            }
        }

        profile.Samples.Edit((int _, ref Span<int> stack, Span<long> _, ReadOnlySpan<Label> _) =>
        {
            var foundUser = false;
            for (var i = stack.Length - 1; i >= 0; i--)
            {
                var l = stack[i];
                if (!prune[l] && !pruneBeneath[l])
                {
                    foundUser = true;
                    continue;
                }

                if (!foundUser)
                {
                    continue;
                }

                stack = prune[l] ? stack[(i + 1)..] : stack[i..];
                break;
            }

            return true;
        });
    }

    /// <summary>Drops the frames below (leafward of) the first frame matching <paramref name="from"/>.</summary>
    public static void PruneFrom(Profile profile, Regex from)
    {
        var locations = profile.Locations;
        var pruneBeneath = new bool[locations.Count];
        for (var l = 0; l < locations.Count; l++)
        {
            var location = locations[l];
            for (var i = 0; i < location.Lines.Length; i++)
            {
                if (location.Lines[i].Function is { Name.Length: > 0 } function && from.IsMatch(SimplifyName(function.Name)))
                {
                    pruneBeneath[l] = true;
                    location.Lines = location.Lines[i..];
                    break;
                }
            }
        }

        profile.Samples.Edit((int _, ref Span<int> stack, Span<long> _, ReadOnlySpan<Label> _) =>
        {
            for (var i = 0; i < stack.Length; i++)
            {
                if (pruneBeneath[stack[i]])
                {
                    stack = stack[i..];
                    break;
                }
            }

            return true;
        });
    }

    /// <summary>A function name without a leading dot and without its argument list.</summary>
    internal static string SimplifyName(string name)
    {
        name = name.StartsWith('.') ? name[1..] : name;
        var position = 0;
        while (position < name.Length)
        {
            var reserved = ReservedNames.FirstOrDefault(r => string.CompareOrdinal(name, position, r, 0, r.Length) == 0);
            if (reserved is not null)
            {
                position += reserved.Length;
                continue;
            }

            if (name[position] == '(')
            {
                return name[..position];
            }

            position++;
        }

        return name;
    }

    private static Regex Compile(string pattern, string what)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException error)
        {
            throw new ProfileFormatException($"failed to compile the profile's {what} regexp {pattern}: {error.Message}");
        }
    }
}
