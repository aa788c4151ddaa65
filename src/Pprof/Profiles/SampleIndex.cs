using System.Globalization;

namespace Pprof.Profiles;

/// <summary>Resolves <c>-sample_index</c> as pprof does.</summary>
internal static class SampleIndex
{
    /// <summary>
    /// Empty means the profile's default sample type, else the last one; a number is an index; a name matches
    /// a sample type exactly or without its <c>inuse_</c> prefix.
    /// </summary>
    public static int Resolve(Profile profile, string sampleIndex)
    {
        var types = profile.SampleTypes;
        if (sampleIndex.Length == 0)
        {
            if (profile.DefaultSampleType.Length != 0)
            {
                var index = types.FindIndex(t => t.Type == profile.DefaultSampleType);
                if (index >= 0)
                {
                    return index;
                }
            }

            return types.Count - 1;
        }

        if (int.TryParse(sampleIndex, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            if (number < 0 || number >= types.Count)
            {
                throw new ArgumentException($"sample_index {sampleIndex} is outside the range [0..{types.Count - 1}]");
            }

            return number;
        }

        var withoutInuse = sampleIndex.StartsWith("inuse_", StringComparison.Ordinal) ? sampleIndex["inuse_".Length..] : sampleIndex;
        var found = types.FindIndex(t => t.Type == sampleIndex || t.Type == withoutInuse);
        return found >= 0
            ? found
            : throw new ArgumentException(
                $"sample_index \"{sampleIndex}\" must be one of: [{string.Join(' ', types.Select(t => t.Type))}]");
    }
}
