using Pprof.Push;

namespace Pprof.Tests.Push;

/// <summary>The PushRequest wire format, pinned byte by byte and read back field by field.</summary>
public sealed class PushRequestEncoderTests
{
    [Fact]
    public void A_series_with_one_label_and_one_sample_is_these_bytes()
    {
        var body = PushRequestEncoder.Encode([new PushSeries([new PushLabel("a", "b")], [new PushSample(new byte[] { 7 }, "i")])]);

        // PushRequest.series (1) { labels (1) { name (1) "a", value (2) "b" }, samples (2) { raw_profile (1) [7], ID (2) "i" } }
        byte[] expected = [0x0a, 0x10, 0x0a, 0x06, 0x0a, 0x01, (byte)'a', 0x12, 0x01, (byte)'b', 0x12, 0x06, 0x0a, 0x01, 7, 0x12, 0x01, (byte)'i'];
        Assert.Equal(expected, body);
    }

    [Fact]
    public void Series_labels_and_samples_read_back_in_order_with_long_payloads_and_unicode()
    {
        var big = new byte[300_000];
        Random.Shared.NextBytes(big);
        List<PushSeries> sent =
        [
            new([new("__name__", "memory"), new("team", "pay\u00e9\U0001F600")], [new PushSample(big, "id-1"), new PushSample(new byte[] { 1, 2 }, "id-2")]),
            new([new("__name__", "process_cpu")], [new PushSample(ReadOnlyMemory<byte>.Empty, "id-3")]),
        ];

        var read = DecodedPush.Read(PushRequestEncoder.Encode(sent));

        Assert.Equal(2, read.Series.Count);
        foreach (var (expected, actual) in sent.Zip(read.Series))
        {
            Assert.Equal(expected.Labels, actual.Labels);
            Assert.Equal(expected.Samples.Select(s => (s.RawProfile.ToArray(), s.Id)), actual.Samples.Select(s => (s.RawProfile, s.Id)));
        }
    }

    [Fact]
    public void No_series_is_an_empty_request()
    {
        Assert.Empty(PushRequestEncoder.Encode([]));
    }
}
