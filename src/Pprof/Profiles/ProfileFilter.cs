using System.Text.RegularExpressions;

namespace Pprof.Profiles;

/// <summary>
/// Which samples, frames and labels to keep, as pprof's filter options: each one is applied only when set. Regular
/// expressions match the names reports print (function, file:line, address), anywhere in them.
/// </summary>
public sealed record ProfileFilter
{
    public static readonly ProfileFilter None = new();

    /// <summary>Keeps only samples with a frame that matches (<c>-focus</c>).</summary>
    public Regex? Focus { get; init; }

    /// <summary>Drops samples with a frame that matches (<c>-ignore</c>).</summary>
    public Regex? Ignore { get; init; }

    /// <summary>Removes matching frames from stacks (<c>-hide</c>).</summary>
    public Regex? Hide { get; init; }

    /// <summary>Keeps only matching frames in stacks (<c>-show</c>).</summary>
    public Regex? Show { get; init; }

    /// <summary>Drops the frames above (callers of) the highest matching frame (<c>-show_from</c>).</summary>
    public Regex? ShowFrom { get; init; }

    /// <summary>Drops the frames below (callees of) a matching frame (<c>-prune_from</c>).</summary>
    public Regex? PruneFrom { get; init; }

    /// <summary>Keeps only samples whose labels match (<c>-tagfocus</c>).</summary>
    public LabelFilter? TagFocus { get; init; }

    /// <summary>Drops samples whose labels match (<c>-tagignore</c>).</summary>
    public LabelFilter? TagIgnore { get; init; }

    /// <summary>Keeps only the labels whose keys match (<c>-tagshow</c>).</summary>
    public Regex? TagShow { get; init; }

    /// <summary>Removes the labels whose keys match (<c>-taghide</c>).</summary>
    public Regex? TagHide { get; init; }

    /// <summary>
    /// A filtered copy of <paramref name="profile"/>, which is left as it was. <paramref name="warnings"/> hears of
    /// filters that matched nothing, as pprof warns of them.
    /// </summary>
    public Profile Apply(Profile profile, Action<string>? warnings = null)
    {
        var warn = warnings ?? (_ => { });
        var copy = profile.Clone();
        ApplyInPlace(copy, LabelUnits(copy, warn), warn);
        return copy;
    }

    /// <summary>The filters that are set, as <c>name=value</c> in pprof's order: the report header lists them.</summary>
    public IReadOnlyList<string> Describe()
    {
        var described = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                described.Add(name + "=" + value);
            }
        }

        Add("focus", Focus);
        Add("ignore", Ignore);
        Add("hide", Hide);
        Add("show", Show);
        Add("show_from", ShowFrom);
        Add("tagfocus", TagFocus);
        Add("tagignore", TagIgnore);
        Add("tagshow", TagShow);
        Add("taghide", TagHide);
        return described;
    }

    /// <summary>The unit of each numeric label key, warning of keys seen with several.</summary>
    internal static Dictionary<string, string> LabelUnits(Profile profile, Action<string> warn)
    {
        var units = LabelOperations.NumLabelUnits(profile, out var ignoredUnits);
        foreach (var (key, ignored) in ignoredUnits)
        {
            warn($"For tag {key} used unit {units[key]}, also encountered unit(s) {string.Join(", ", ignored)}");
        }

        return units;
    }

    /// <summary>Filters <paramref name="profile"/> itself, which the caller owns; false when some filter matched nothing.</summary>
    internal bool ApplyInPlace(Profile profile, IReadOnlyDictionary<string, string> numLabelUnits, Action<string> warn)
    {
        var allMatched = true;
        void WarnNoMatches(bool matched, string option)
        {
            if (!matched)
            {
                allMatched = false;
                warn(option + " expression matched no samples");
            }
        }

        var tagFocus = CompileLabelFilter("tagfocus", TagFocus, numLabelUnits, warn);
        var tagIgnore = CompileLabelFilter("tagignore", TagIgnore, numLabelUnits, warn);
        var matches = NameFilters.FilterSamplesByName(profile, Focus, Ignore, Hide, Show);
        WarnNoMatches(Focus is null || matches.Focus, "Focus");
        WarnNoMatches(Ignore is null || matches.Ignore, "Ignore");
        WarnNoMatches(Hide is null || matches.Hide, "Hide");
        WarnNoMatches(Show is null || matches.Show, "Show");
        if (ShowFrom is not null)
        {
            WarnNoMatches(NameFilters.ShowFrom(profile, ShowFrom), "ShowFrom");
        }

        if (tagFocus is not null || tagIgnore is not null)
        {
            var (focused, ignored) = TagFilter.FilterSamples(profile, tagFocus, tagIgnore);
            WarnNoMatches(tagFocus is null || focused, "TagFocus");
            WarnNoMatches(tagIgnore is null || ignored, "TagIgnore");
        }

        if (TagShow is not null || TagHide is not null)
        {
            var (shown, hidden) = TagFilter.FilterLabelKeys(profile, TagShow, TagHide);
            WarnNoMatches(TagShow is null || shown, "TagShow");
            WarnNoMatches(TagHide is null || hidden, "TagHide");
        }

        if (PruneFrom is not null)
        {
            Pruning.PruneFrom(profile, PruneFrom);
        }

        return allMatched;
    }

    private static LabelPredicate? CompileLabelFilter(
        string name, LabelFilter? filter, IReadOnlyDictionary<string, string> numLabelUnits, Action<string> warn)
    {
        if (filter is null)
        {
            return null;
        }

        if (filter.IsRange)
        {
            var expression = filter.Expression;
            var equals = expression.IndexOf('=', StringComparison.Ordinal);
            warn($"{name}:Interpreted '{expression[(equals + 1)..]}' as range, not regexp");
        }

        return filter.Compile(numLabelUnits);
    }

    /// <summary>Some filter reads numeric labels, whose units then have to be known.</summary>
    internal bool ReadsLabelUnits => TagFocus is not null || TagIgnore is not null;
}
