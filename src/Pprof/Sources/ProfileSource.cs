using Pprof.Profiles;

namespace Pprof.Sources;

/// <summary>
/// Profiles from files, streams and bytes, in every format pprof reads (profile.proto, gzip-compressed or not, and
/// Go's text formats), one at a time; merging and comparing them are steps of their own. No method changes the
/// profiles it is given.
/// </summary>
public static class ProfileSource
{
    /// <exception cref="ProfileFormatException">The file is not a profile in a format pprof reads.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Profile Load(string path, ReadOptions? options = null) => ProfileReader.ReadFile(path, options);

    /// <summary>Reads <paramref name="stream"/> to its end (an HTTP response, say) and parses what it held.</summary>
    /// <exception cref="ProfileFormatException">The content is not a profile in a format pprof reads.</exception>
    public static Profile Load(Stream stream, ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return ProfileReader.Parse(memory.GetBuffer().AsMemory(0, (int)memory.Length), options);
    }

    /// <exception cref="ProfileFormatException">The bytes are not a profile in a format pprof reads.</exception>
    public static Profile Load(ReadOnlyMemory<byte> data, ReadOptions? options = null) => ProfileReader.Parse(data, options);

    /// <summary>
    /// One profile of several of the same kind, as pprof merges its sources: values brought to common units, equal
    /// stacks with equal labels summed.
    /// </summary>
    /// <exception cref="ProfileFormatException">The profiles are of different kinds (sample types).</exception>
    public static Profile Merge(IEnumerable<Profile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var copies = profiles.Select(p => p.Clone()).ToList();
        return copies.Count > 0 ? Combine(copies) : throw new ArgumentException("no profiles to merge", nameof(profiles));
    }

    /// <summary>
    /// What changed from <paramref name="baseProfile"/> to <paramref name="profile"/>, as <c>-diff_base</c> shows it:
    /// the base's samples subtracted but kept apart, so that percentages are of the base.
    /// </summary>
    /// <param name="normalize">First scale <paramref name="profile"/> to the base's totals (<c>-normalize</c>).</param>
    public static Profile Compare(Profile profile, Profile baseProfile, bool normalize = false) =>
        ApplyBase(profile.Clone(), baseProfile.Clone(), diffBase: true, normalize);

    /// <summary>
    /// <paramref name="profile"/> less <paramref name="baseProfile"/>, as <c>-base</c> makes it (for example what a
    /// cumulative profile gained over an interval).
    /// </summary>
    /// <param name="normalize">First scale <paramref name="profile"/> to the base's totals (<c>-normalize</c>).</param>
    public static Profile Subtract(Profile profile, Profile baseProfile, bool normalize = false) =>
        ApplyBase(profile.Clone(), baseProfile.Clone(), diffBase: false, normalize);

    /// <summary>Merges profiles that the caller hands over: they are rescaled in place.</summary>
    internal static Profile Combine(List<Profile> owned)
    {
        Scaling.ToCommonUnits(owned);
        return Merger.Merge(owned);
    }

    /// <summary>Subtracts a base from a profile, both handed over by the caller.</summary>
    internal static Profile ApplyBase(Profile profile, Profile baseProfile, bool diffBase, bool normalize)
    {
        if (diffBase)
        {
            LabelOperations.SetLabel(baseProfile, Label.DiffBaseKey, "true");
        }

        if (normalize)
        {
            Scaling.Normalize(profile, baseProfile);
        }

        Scaling.Scale(baseProfile, -1);
        return Combine([profile, baseProfile]);
    }
}
