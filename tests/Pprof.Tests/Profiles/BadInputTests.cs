using System.IO.Compression;
using System.Text;
using CsCheck;
using Pprof.Profiles;
using Pprof.Sources;
using Pprof.Tests.Support;

namespace Pprof.Tests.Profiles;

/// <summary>Whatever bytes it is given, <see cref="ProfileReader.Parse"/> reads a profile or says in one line why it cannot.</summary>
public sealed class BadInputTests
{
    private static readonly byte[] SmallGzip = File.ReadAllBytes(TestData.File("bytesbuffer.heap.0.pb.gz"));
    private static readonly byte[] SmallEncoding = Gunzip(SmallGzip);

    /// <summary>Starts that lead the reader down each of its paths: protobuf, gzip, Go's text heap and goroutine profiles.</summary>
    private static readonly Gen<byte[]> Prefix =
        Gen.OneOf<byte[]>([], [0x1f, 0x8b], "heap profile: "u8.ToArray(), "goroutine profile: "u8.ToArray());

    [Fact]
    public void Random_bytes_give_at_most_a_format_error()
    {
        Gen.Select(Prefix, Gen.Byte.Array[0, 300])
            .Select((prefix, bytes) => prefix.Concat(bytes).ToArray())
            .Sample(ParseOrFailCleanly, iter: 20_000);
    }

    [Fact]
    public void Bit_flipped_profiles_give_at_most_a_format_error()
    {
        Gen.Select(Gen.Bool, Gen.Int.Array[1, 4])
            .Select((compressed, positions) => FlipBits(compressed ? SmallGzip : SmallEncoding, positions))
            .Sample(ParseOrFailCleanly, iter: 5_000);
    }

    [Fact]
    public void Profiles_truncated_at_every_length_give_at_most_a_format_error()
    {
        foreach (var data in (byte[][])[SmallEncoding, SmallGzip])
        {
            for (var length = 0; length < data.Length; length++)
            {
                ParseOrFailCleanly(data[..length]);
            }
        }
    }

    [Fact]
    public void Empty_input_is_rejected()
    {
        AssertRejected([], "empty");
    }

    [Fact]
    public void Truncated_gzip_is_rejected()
    {
        var gzip = File.ReadAllBytes(TestData.File("gobmap.heap.4.pb.gz"));

        AssertRejected(gzip[..(gzip.Length / 2)], "gzip");
    }

    [Fact]
    public void Gzip_cut_short_anywhere_is_rejected()
    {
        var accepted = Enumerable.Range(2, SmallGzip.Length - 2).Where(length => Parses(SmallGzip[..length])).ToList();

        Assert.True(
            accepted.Count == 0,
            $"gzip data cut to these lengths (of {SmallGzip.Length}) was read as a profile: {string.Join(", ", accepted)}");
    }

    [Fact]
    public void Two_encodings_written_into_one_file_are_rejected()
    {
        AssertRejected([.. SmallEncoding, .. SmallEncoding], "concatenated");
    }

    [Fact]
    public void Two_gzipped_profiles_written_into_one_file_are_rejected()
    {
        AssertRejected([.. SmallGzip, .. SmallGzip], "concatenated");
    }

    [Fact]
    public void Gzip_bomb_is_rejected()
    {
        AssertRejected(GzippedZeros(ProfileReader.MaxDecompressedBytes + (1 << 20)), "zip bomb");
    }

    [Fact]
    public void A_field_claiming_two_gigabytes_in_a_few_bytes_is_refused_without_allocating_them()
    {
        // Field 1 (sample_type), length-delimited, claiming int.MaxValue bytes, then three bytes of data.
        byte[] data = [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 1, 2, 3];
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.Throws<ProfileFormatException>(() => ProfileReader.Parse(data));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20, "the reader allocated for the length the field claims");
    }

    private static void ParseOrFailCleanly(byte[] data)
    {
        try
        {
            ProfileReader.Parse(data);
        }
        catch (ProfileFormatException error)
        {
            AssertOneLine(error.Message);
        }
    }

    private static bool Parses(byte[] data)
    {
        try
        {
            ProfileReader.Parse(data);
            return true;
        }
        catch (ProfileFormatException)
        {
            return false;
        }
    }

    private static void AssertRejected(byte[] data, params string[] anyOf)
    {
        var error = Assert.Throws<ProfileFormatException>(() => ProfileReader.Parse(data));

        AssertOneLine(error.Message);
        Assert.True(
            anyOf.Any(word => error.Message.Contains(word, StringComparison.OrdinalIgnoreCase)),
            $"the message \"{error.Message}\" mentions none of: {string.Join(", ", anyOf)}");
    }

    private static void AssertOneLine(string message)
    {
        Assert.False(string.IsNullOrWhiteSpace(message), "empty error message");
        Assert.DoesNotContain('\n', message);
    }

    private static byte[] FlipBits(byte[] data, int[] positions)
    {
        var copy = data.ToArray();
        foreach (var position in positions)
        {
            var bit = (int)((uint)position % (uint)(copy.Length * 8));
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        return copy;
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress))
        {
            gzip.CopyTo(output);
        }

        return output.ToArray();
    }

    /// <summary>The gzip of <paramref name="count"/> zero bytes, streamed: about a thousandth of their size in memory.</summary>
    private static byte[] GzippedZeros(long count)
    {
        var zeros = new byte[1 << 20];
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var left = count; left > 0; left -= zeros.Length)
            {
                gzip.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
            }
        }

        return output.ToArray();
    }
}
