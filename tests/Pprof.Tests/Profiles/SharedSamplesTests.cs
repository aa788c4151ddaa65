using CsCheck;
using Pprof.Profiles;
using Pprof.Tests.Support;

namespace Pprof.Tests.Profiles;

/// <summary>
/// A profile's copy shares its samples until one of the two changes them: whatever is done to one side (a sample
/// added, samples edited or dropped, labels rewritten), the other reads exactly what it read before, encoded
/// (as read from a file) or packed (as built in memory).
/// </summary>
public sealed class SharedSamplesTests
{
    private static readonly Gen<int> Change = Gen.Int[0, 3];

    [Fact]
    public void Changing_a_copy_leaves_the_original_as_it_was()
    {
        Sample((original, copy, change) =>
        {
            var before = ProfileDescription.Describe(original);
            Apply(copy, change);
            return ProfileDescription.Describe(original) == before;
        });
    }

    [Fact]
    public void Changing_the_original_leaves_a_copy_as_it_was()
    {
        Sample((original, copy, change) =>
        {
            var before = ProfileDescription.Describe(copy);
            Apply(original, change);
            return ProfileDescription.Describe(copy) == before;
        });
    }

    [Fact]
    public void A_changed_copy_holds_what_the_same_change_makes_of_a_copy_of_its_own()
    {
        Sample((original, copy, change) =>
        {
            var separate = Unshared(original);
            Apply(copy, change);
            Apply(separate, change);
            return ProfileDescription.Describe(copy) == ProfileDescription.Describe(separate);
        });
    }

    /// <summary>Each generated profile as built (packed samples) and as read back (encoded samples), with a copy of it.</summary>
    private static void Sample(Func<Profile, Profile, int, bool> property) =>
        Gen.Select(CodecPropertyTests.ProfileGen, Gen.Bool, Change).Sample(
            (generated, encoded, change) =>
            {
                var original = encoded ? generated.Read : generated.Written;
                return property(original, original.Clone(), change);
            },
            iter: 300,
            print: generated => $"{ProfileDescription.Describe(generated.Item1.Written)} encoded={generated.Item2} change={generated.Item3}");

    /// <summary>A copy with samples of its own, copied one by one.</summary>
    private static Profile Unshared(Profile profile)
    {
        var copy = profile.Clone();
        var samples = new SampleList(profile.Samples.ValueCount);
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            samples.Add(cursor.Stack, cursor.Values, cursor.Labels);
        }

        copy.Samples = samples;
        return copy;
    }

    private static void Apply(Profile profile, int change)
    {
        var samples = profile.Samples;
        switch (change)
        {
            case 0:
                samples.Add([0], new long[samples.ValueCount], [Label.String("added", "yes")]);
                break;
            case 1:
                samples.Edit((int sample, ref Span<int> stack, Span<long> values, ReadOnlySpan<Label> _) =>
                {
                    values[0] += 1;
                    stack = stack[..(stack.Length / 2)];
                    return sample % 2 == 0;
                });
                break;
            case 2:
                samples.EditLabels((labels, output) => output.Add(Label.String("rewritten", labels.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                break;
            default:
                // Both a change and an addition after it, each to storage of its own.
                samples.EditLabels((_, _) => { });
                samples.Add([], new long[samples.ValueCount], []);
                break;
        }
    }
}
