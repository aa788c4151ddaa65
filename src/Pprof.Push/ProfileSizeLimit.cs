using Pprof.Profiles;

namespace Pprof.Push;

/// <summary>
/// Keeps a profile within a store's size limit (Pyroscope refuses profiles over
/// <c>validation.max-profile-size-bytes</c>, 4 MiB of uncompressed profile.proto by default): a profile over it is
/// trimmed to its heaviest samples (by the default sample type's value) that fit.
/// </summary>
public static class ProfileSizeLimit
{
    public const int DefaultMaxBytes = 4 * 1024 * 1024;

    /// <summary>The profile when it fits; else the largest trimmed copy that does; null when not even one sample fits.</summary>
    public static Profile? Fit(Profile profile, int maxBytes, out int samplesLeftOut)
    {
        samplesLeftOut = 0;
        if (Size(profile) <= maxBytes)
        {
            return profile;
        }

        var column = profile.SampleTypes.FindIndex(t => t.Type == profile.DefaultSampleType) is var found and >= 0
            ? found
            : profile.SampleTypes.Count - 1;
        var order = Enumerable.Range(0, profile.Samples.Count)
            .OrderByDescending(i => Math.Abs(profile.Samples.Values(i)[column]))
            .ToArray();

        // The most samples that fit, by bisection: each probe encodes a trimmed copy.
        Profile? best = null;
        var kept = 0;
        var (low, high) = (1, order.Length - 1);
        while (low <= high)
        {
            var keep = low + ((high - low) / 2);
            var trimmed = Keep(profile, order.AsSpan(0, keep), maxBytes);
            if (Size(trimmed) <= maxBytes)
            {
                (best, kept, low) = (trimmed, keep, keep + 1);
            }
            else
            {
                high = keep - 1;
            }
        }

        samplesLeftOut = profile.Samples.Count - kept;
        return best;
    }

    private static long Size(Profile profile) => ProfileWriter.ToBytes(profile, compress: false).LongLength;

    private static Profile Keep(Profile profile, ReadOnlySpan<int> samples, int maxBytes)
    {
        var kept = new SampleList(profile.Samples.ValueCount, samples.Length);
        foreach (var sample in samples)
        {
            kept.Add(profile.Samples.Stack(sample), profile.Samples.Values(sample), profile.Samples.Labels(sample));
        }

        var copy = profile.Clone();
        copy.Samples = kept;
        copy.Comments.Add($"trimmed to its {samples.Length} heaviest samples of {profile.Samples.Count} to stay under {maxBytes} bytes");
        return Merger.Compact(copy);
    }
}
