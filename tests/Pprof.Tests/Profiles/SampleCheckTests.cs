using Pprof.Profiles;
using Pprof.Profiles.Proto;
using Pprof.Sources;

namespace Pprof.Tests.Profiles;

/// <summary>
/// Samples are checked as they are copied, before the tables they refer to are read (Go writes samples first):
/// a sound profile reads whatever its ids, and a faulty one is refused with the first bad sample's fault.
/// </summary>
public sealed class SampleCheckTests
{
    // "" space bytes main key value
    private const int StringCount = 6;

    [Fact]
    public void Samples_before_dense_tables_read_with_their_stacks_values_and_labels()
    {
        var profile = Parse([Sample([1, 2], [5], label: 5), Sample([2], [-7])], 1, 2);

        Assert.Equal(2, profile.Samples.Count);
        Assert.Equal([1UL, 2UL], profile.Samples.Stack(0).Select(l => profile.Locations[l].Id));
        Assert.Equal([-7L], profile.Samples.Values(1));
        Assert.Equal(Label.String("key", "value"), Assert.Single(profile.Samples.Labels(0).ToArray()));
    }

    [Fact]
    public void Samples_read_whatever_the_location_ids_are()
    {
        var profile = Parse([Sample([1_000_000, 1], [3])], 1, 1_000_000);

        Assert.Equal([1_000_000UL, 1UL], profile.Samples.Stack(0).Select(l => profile.Locations[l].Id));
    }

    [Fact]
    public void A_location_id_past_the_table_is_refused()
    {
        AssertRefused([Sample([1], [1]), Sample([3], [1])], "sample refers to location id 3, which the profile does not define", 1, 2);
    }

    [Fact]
    public void A_location_id_in_a_gap_of_the_table_is_refused()
    {
        AssertRefused([Sample([1, 3], [1]), Sample([2], [1])], "sample refers to location id 2, which the profile does not define", 1, 3);
    }

    [Fact]
    public void A_label_string_past_the_table_is_refused()
    {
        AssertRefused([Sample([1], [1], label: 99)], $"string index 99 is outside the string table of {StringCount} entries", 1);
    }

    [Fact]
    public void The_first_faulty_sample_is_the_one_named()
    {
        AssertRefused([Sample([1], [1]), Sample([1], [1, 2]), Sample([9], [1])], "mismatch: sample has 2 values vs. 1 types", 1);
    }

    private static void AssertRefused(byte[][] samples, string message, params ulong[] locationIds)
    {
        var error = Assert.Throws<ProfileFormatException>(() => Parse(samples, locationIds));
        Assert.Equal($"not a valid profile.proto file: {message}", error.Message);
    }

    private static Profile Parse(byte[][] samples, params ulong[] locationIds) =>
        ProfileReader.Parse(Encode(samples, locationIds));

    /// <param name="label">The string index of a label's value, keyed "key"; 0 for none.</param>
    private static byte[] Sample(ulong[] locations, long[] values, long label = 0)
    {
        using var sample = new ProtoWriter();
        using var scratch = new ProtoWriter();
        sample.WritePacked(1, locations, scratch);
        sample.WritePacked(2, values, scratch);
        if (label != 0)
        {
            scratch.Clear();
            scratch.WriteInteger(1, 4);
            scratch.WriteInteger(2, label);
            sample.WriteBytes(3, scratch.WrittenSpan);
        }

        return sample.WrittenSpan.ToArray();
    }

    /// <summary>One sample type, the samples, then the tables, in the order Go writes them.</summary>
    private static byte[] Encode(byte[][] samples, ulong[] locationIds)
    {
        using var profile = new ProtoWriter();
        using var message = new ProtoWriter();
        using var line = new ProtoWriter();
        message.WriteInteger(1, 1);
        message.WriteInteger(2, 2);
        profile.WriteBytes(1, message.WrittenSpan);
        foreach (var sample in samples)
        {
            profile.WriteBytes(2, sample);
        }

        foreach (var id in locationIds)
        {
            message.Clear();
            message.WriteInteger(1, (long)id);
            line.Clear();
            line.WriteInteger(1, 1);
            message.WriteBytes(4, line.WrittenSpan);
            profile.WriteBytes(4, message.WrittenSpan);
        }

        message.Clear();
        message.WriteInteger(1, 1);
        message.WriteInteger(2, 3);
        profile.WriteBytes(5, message.WrittenSpan);
        foreach (var text in (string[])["", "space", "bytes", "main", "key", "value"])
        {
            profile.WriteString(6, text);
        }

        return profile.WrittenSpan.ToArray();
    }
}
