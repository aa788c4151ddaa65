using CsCheck;
using Pprof.Profiles;
using Pprof.Tests.Support;

namespace Pprof.Tests.Profiles;

/// <summary>
/// A profile's copy shares its samples until one of the two changes them: whatever is done to one side (a sample
/// added, samples edited or dropped, labels rewritten), the other reads exactly what it read before, encoded
/// (as read from a file) or packed (as built in memory). Samples kept by a filter read as the ones dropped left them,
/// whole or in the parts parallel passes read.
/// </summary>
public sealed class SharedSamplesTests
{
    private static readonly Gen<int> Change = Gen.Int[0, 4];

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

    [Fact]
    public void Samples_kept_in_their_encoding_read_alike_in_parts()
    {
        var built = new Profile([new SampleType("space", "bytes"), new SampleType("objects", "count")]);
        var function = new Function { Id = 1, Name = "main.F", SystemName = "main.F" };
        built.Functions.Add(function);
        for (var id = 1; id <= 5; id++)
        {
            built.Locations.Add(new Location { Id = (ulong)id, Lines = [new Line(function, id)] });
        }

        // Enough samples for several checkpoints, where parallel passes start.
        for (var i = 0; i < 5 * SampleList.CheckpointStride + 7; i++)
        {
            built.Samples.Add([.. Enumerable.Range(0, 1 + (i % 5))], [i % 11 - 5, i % 3], i % 4 == 0 ? [Label.String("even", "yes")] : []);
        }

        var read = Pprof.Sources.ProfileSource.Load(ProfileWriter.ToBytes(built));
        Assert.NotNull(read.Samples.Encoded);
        SampleFilter keep = (ref SampleCursor sample) => sample.Index % 7 != 3 && sample.Stack.Length != 2;
        built.Samples.Keep(keep);

        read.Samples.Keep(keep);

        Assert.NotNull(read.Samples.Encoded);
        Assert.Equal(ProfileDescription.Describe(built), ProfileDescription.Describe(read));
        Assert.Equal(built.Samples.AbsoluteTotals.ToArray(), read.Samples.AbsoluteTotals.ToArray());
        var whole = Read(read.Samples.GetCursor());
        var parts = Enumerable.Range(0, 3).SelectMany(part => Read(read.Samples.GetCursor(part, 3))).ToList();
        Assert.Equal(whole, parts);
        Assert.Equal(read.Samples.Count, whole.Count);
    }

    private static List<string> Read(SampleCursor cursor)
    {
        var samples = new List<string>();
        while (cursor.MoveNext())
        {
            samples.Add($"{cursor.Index}: {string.Join(',', cursor.Stack.ToArray())} {string.Join(',', cursor.Values.ToArray())} {cursor.Labels.Length}");
        }

        return samples;
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
                samples.Keep((ref SampleCursor sample) => sample.Index % 3 != 1 && sample.Labels.Length % 2 == 0);
                break;
            case 3:
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
