using Pprof.Measurement;

namespace Pprof.Profiles;

/// <summary>Multiplying sample values: <c>-base</c> subtraction, <c>-normalize</c>, and unit reconciliation before merging.</summary>
internal static class Scaling
{
    public static void Scale(Profile profile, double ratio)
    {
        if (ratio != 1)
        {
            ScaleEach(profile, [.. Enumerable.Repeat(ratio, profile.SampleTypes.Count)]);
        }
    }

    /// <summary>Scales value i by ratios[i], rounding to the nearest integer; samples that end up all zero are dropped.</summary>
    public static void ScaleEach(Profile profile, double[] ratios)
    {
        if (ratios.Length != profile.SampleTypes.Count)
        {
            throw new ArgumentException($"mismatched scale ratios, got {ratios.Length}, want {profile.SampleTypes.Count}");
        }

        if (ratios.All(r => r == 1))
        {
            return;
        }

        profile.Samples.Edit((int _, ref Span<int> _, Span<long> values, ReadOnlySpan<Label> _) =>
        {
            var keep = false;
            for (var i = 0; i < values.Length; i++)
            {
                if (ratios[i] != 1)
                {
                    values[i] = (long)Math.Round(values[i] * ratios[i], MidpointRounding.AwayFromZero);
                    keep |= values[i] != 0;
                }
            }

            return keep;
        });
    }

    /// <summary>Scales <paramref name="profile"/> so that each of its totals equals the one of <paramref name="baseProfile"/>.</summary>
    public static void Normalize(Profile profile, Profile baseProfile)
    {
        Merger.CheckCompatible(profile, baseProfile);
        var baseTotals = Totals(baseProfile);
        var totals = Totals(profile);
        var ratios = new double[totals.Length];
        for (var i = 0; i < ratios.Length; i++)
        {
            ratios[i] = totals[i] == 0 ? 0 : (double)baseTotals[i] / totals[i];
        }

        ScaleEach(profile, ratios);
    }

    /// <summary>
    /// Brings profiles to common units before merging (for example one in kB and one in MB), each value type to
    /// the finest unit among them.
    /// </summary>
    public static void ToCommonUnits(IReadOnlyList<Profile> profiles)
    {
        if (profiles.Count < 2)
        {
            return;
        }

        var periodType = CommonType(profiles.Select(p => p.PeriodType).OfType<SampleType>().ToList(), "period type");
        var count = profiles[0].SampleTypes.Count;
        if (profiles.Any(p => p.SampleTypes.Count != count))
        {
            throw new ProfileFormatException(
                $"inconsistent samples type count: {count} != {profiles.First(p => p.SampleTypes.Count != count).SampleTypes.Count}");
        }

        var common = Enumerable.Range(0, count)
            .Select(i => CommonType([.. profiles.Select(p => p.SampleTypes[i])], "sample types"))
            .ToArray();
        foreach (var profile in profiles)
        {
            if (profile.PeriodType is { } own && periodType is not null)
            {
                profile.Period = (long)Units.Scale(profile.Period, own.Unit, periodType.Unit).Value;
                profile.PeriodType = own with { Unit = periodType.Unit };
            }

            var ratios = new double[count];
            for (var i = 0; i < count; i++)
            {
                ratios[i] = 1;
                if (common[i] is { } target)
                {
                    ratios[i] = Units.Scale(1, profile.SampleTypes[i].Unit, target.Unit).Value;
                    profile.SampleTypes[i] = profile.SampleTypes[i] with { Unit = target.Unit };
                }
            }

            ScaleEach(profile, ratios);
        }
    }

    private static SampleType? CommonType(List<SampleType> types, string what)
    {
        if (types.Count <= 1)
        {
            return null;
        }

        var finest = types[0];
        foreach (var type in types.Skip(1))
        {
            if (!Compatible(finest, type))
            {
                throw new ProfileFormatException($"{what}: incompatible types: {Describe(finest)} {Describe(type)}");
            }

            if (Units.Scale(1, type.Unit, finest.Unit).Value < 1)
            {
                finest = type;
            }
        }

        return finest;
    }

    private static string Describe(SampleType type) => $"{{{type.Type} {type.Unit}}}";

    private static bool Compatible(SampleType a, SampleType b) =>
        WithoutPlural(a.Type) == WithoutPlural(b.Type) && Units.SameFamily(a.Unit, b.Unit);

    private static string WithoutPlural(string type) => type.EndsWith('s') ? type[..^1] : type;

    private static long[] Totals(Profile profile)
    {
        var totals = new long[profile.SampleTypes.Count];
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var values = cursor.Values;
            for (var i = 0; i < totals.Length; i++)
            {
                totals[i] += values[i];
            }
        }

        return totals;
    }
}
