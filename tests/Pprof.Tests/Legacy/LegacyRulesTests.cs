using System.Text;
using Pprof.Legacy;
using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Tests.Legacy;

/// <summary>
/// Rules of pprof's legacy parsers that the fixtures' goldens do not show, each checked against <c>go tool pprof -raw</c>
/// on the same text.
/// </summary>
public sealed class LegacyRulesTests
{
    private const string JavaHeapHeader = "--- heapz 1 ---\nformat = java\nresolution = bytes\n";

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("+42", 42L)]
    [InlineData("-42", -42L)]
    [InlineData("017", 15L)]
    [InlineData("0o17", 15L)]
    [InlineData("0x1F", 31L)]
    [InlineData("0X1f", 31L)]
    [InlineData("0b101", 5L)]
    [InlineData("1_000", 1000L)]
    [InlineData("0x_1f", 31L)]
    [InlineData("0_7", 7L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Integers_are_read_as_go_literals(string text, long expected)
    {
        Assert.True(GoInteger.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("09")]
    [InlineData("0x")]
    [InlineData("0b2")]
    [InlineData("_1")]
    [InlineData("1_")]
    [InlineData("1__0")]
    [InlineData("0x1g")]
    [InlineData("1 ")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("99999999999999999999999")]
    public void Other_text_is_no_go_integer(string text) => Assert.False(GoInteger.TryParse(text, out _));

    [Fact]
    public void Contention_sample_without_space_between_its_numbers_splits_before_the_last_digit()
    {
        // go tool pprof -raw: "5 1234: 1", then "8 7: 1 2".
        var profile = Parse("--- contention:\n12345 @ 0x401001\n 7 8 @ 0x401001 0x402002\n");

        Assert.Equal([5L, 1234], profile.Samples.Values(0));
        Assert.Equal([8L, 7], profile.Samples.Values(1));
    }

    [Fact]
    public void Java_sample_on_a_last_line_without_newline_is_not_read()
    {
        // go tool pprof -raw shows the first sample only.
        var profile = Parse(JavaHeapHeader + " 100 1 @ 0x1\n 200 2 @ 0x2");

        Assert.Equal(1, profile.Samples.Count);
        Assert.Equal([5243L, 524338], profile.Samples.Values(0));
    }

    [Fact]
    public void Java_sample_values_are_go_literals()
    {
        // 0100 is octal: go tool pprof -raw shows "8192 524320" with bytes:[64].
        var profile = Parse(JavaHeapHeader + " 0100 1 @ 0x1\n");

        Assert.Equal([8192L, 524320], profile.Samples.Values(0));
        Assert.Equal([Label.Number("bytes", 64)], profile.Samples.Labels(0).ToArray());
    }

    [Fact]
    public void Profiles_get_the_frames_to_drop_of_their_kind()
    {
        Assert.Equal(LegacyFrameInfo.LockDropFrames, Parse("--- mutex:\n1 1 @ 0x1\n").DropFrames);
        Assert.Equal(LegacyFrameInfo.HeapDropFrames, Parse(JavaHeapHeader + " 100 1 @ 0x1\n").DropFrames);
        Assert.Equal(LegacyFrameInfo.DefaultDropFrames, Read("cpp.cpu.64be.prof").DropFrames);
        Assert.Equal(LegacyFrameInfo.DefaultDropFrames, Read("cpp.threadz.txt").DropFrames);
    }

    private static Profile Parse(string text) => ProfileReader.Parse(Encoding.UTF8.GetBytes(text));

    private static Profile Read(string name) => ProfileReader.ReadFile(LegacyTestData.File(name));
}
