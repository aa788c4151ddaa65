using System.Text.RegularExpressions;

namespace Pprof.Profiles;

/// <summary>Which of the name filters matched anything; pprof warns about the ones that did not.</summary>
internal readonly record struct NameFilterMatches(bool Focus, bool Ignore, bool Hide, bool Show);

/// <summary>
/// <c>-focus</c>, <c>-ignore</c>, <c>-hide</c>, <c>-show</c> and <c>-show_from</c>: a frame matches when its function
/// name or file name (or its binary's name) matches, anywhere in the text.
/// </summary>
internal static class NameFilters
{
    public static NameFilterMatches FilterSamplesByName(Profile profile, Regex? focus, Regex? ignore, Regex? hide, Regex? show)
    {
        // Without filters only samples with no frames would go; skip the pass when there are none.
        if (focus is null && ignore is null && hide is null && show is null && profile.Samples.MinStackLength > 0)
        {
            return new NameFilterMatches(profile.Locations.Count > 0, false, false, false);
        }

        bool focused = false, ignored = false, hidden = false, shown = false;
        var locations = profile.Locations;
        // 1 = focused, -1 = ignored, 0 = neither.
        var verdict = new sbyte[locations.Count];
        var removed = new bool[locations.Count];
        var anyRemoved = false;
        for (var l = 0; l < locations.Count; l++)
        {
            var location = locations[l];
            if (ignore is not null && Matches(location, ignore))
            {
                ignored = true;
                verdict[l] = -1;
            }
            else if (focus is null || Matches(location, focus))
            {
                focused = true;
                verdict[l] = 1;
            }

            if (hide is not null && Matches(location, hide))
            {
                hidden = true;
                location.Lines = UnmatchedLines(location, hide);
                if (location.Lines.Length == 0)
                {
                    removed[l] = anyRemoved = true;
                }
            }

            if (show is not null)
            {
                location.Lines = MatchedLines(location, show);
                if (location.Lines.Length == 0)
                {
                    removed[l] = anyRemoved = true;
                }
                else
                {
                    shown = true;
                }
            }
        }

        if (!anyRemoved)
        {
            profile.Samples.Keep((ref SampleCursor sample) => FocusedAndNotIgnored(sample.Stack, verdict));
            return new NameFilterMatches(focused, ignored, hidden, shown);
        }

        profile.Samples.Edit((int _, ref Span<int> stack, Span<long> _, ReadOnlySpan<Label> _) =>
        {
            if (!FocusedAndNotIgnored(stack, verdict))
            {
                return false;
            }

            var length = 0;
            foreach (var l in stack)
            {
                if (!removed[l])
                {
                    stack[length++] = l;
                }
            }

            stack = stack[..length];
            return length > 0;
        });

        return new NameFilterMatches(focused, ignored, hidden, shown);
    }

    /// <summary>Drops the frames above (rootward of) the outermost match; samples without a match go.</summary>
    public static bool ShowFrom(Profile profile, Regex showFrom)
    {
        var matched = false;
        var locations = profile.Locations;
        var isStart = new bool[locations.Count];
        for (var l = 0; l < locations.Count; l++)
        {
            var location = locations[l];
            if (location.Mapping is { } mapping && showFrom.IsMatch(mapping.File))
            {
                isStart[l] = matched = true;
                continue;
            }

            for (var i = location.Lines.Length - 1; i >= 0; i--)
            {
                if (location.Lines[i].Function is { } function && (showFrom.IsMatch(function.Name) || showFrom.IsMatch(function.Filename)))
                {
                    location.Lines = location.Lines[..(i + 1)];
                    isStart[l] = matched = true;
                    break;
                }
            }
        }

        profile.Samples.Edit((int _, ref Span<int> stack, Span<long> _, ReadOnlySpan<Label> _) =>
        {
            for (var i = stack.Length - 1; i >= 0; i--)
            {
                if (isStart[stack[i]])
                {
                    stack = stack[..(i + 1)];
                    return true;
                }
            }

            return false;
        });
        return matched;
    }

    internal static bool Matches(Location location, Regex regex)
    {
        foreach (var line in location.Lines)
        {
            if (line.Function is { } function && (regex.IsMatch(function.Name) || regex.IsMatch(function.Filename)))
            {
                return true;
            }
        }

        return location.Mapping is { } mapping && regex.IsMatch(mapping.File);
    }

    private static bool FocusedAndNotIgnored(ReadOnlySpan<int> stack, sbyte[] verdict)
    {
        var focused = false;
        foreach (var l in stack)
        {
            switch (verdict[l])
            {
                case 1:
                    focused = true;
                    break;
                case -1:
                    return false;
            }
        }

        return focused;
    }

    private static Line[] UnmatchedLines(Location location, Regex regex)
    {
        if (location.Mapping is { } mapping && regex.IsMatch(mapping.File))
        {
            return [];
        }

        return [.. location.Lines.Where(l => l.Function is not { } f || !(regex.IsMatch(f.Name) || regex.IsMatch(f.Filename)))];
    }

    private static Line[] MatchedLines(Location location, Regex regex)
    {
        if (location.Mapping is { } mapping && regex.IsMatch(mapping.File))
        {
            return location.Lines;
        }

        return [.. location.Lines.Where(l => l.Function is not { } f || regex.IsMatch(f.Name) || regex.IsMatch(f.Filename))];
    }
}
