using Pprof.Profiles;
using Pprof.Reports;
using Pprof.Sources;
using Pprof.Tests.Support;

namespace Pprof.Tests.Profiles;

/// <summary>
/// <see cref="ProfileReader.ReadFile"/> decodes profile.proto as it decompresses it, and past a size re-reads the
/// samples from the file on every pass: whichever way, a file reads as its bytes do in memory.
/// </summary>
public sealed class StreamedReadTests : IDisposable
{
    private static readonly string[] Profiles =
        ["gobmap.heap.4.pb.gz", "bytesbuffer.allocs.pb.gz", "loggerleak.goroutine.2.pb.gz", "big.heap.pb.gz"];

    private readonly string _folder = Directory.CreateTempSubdirectory("pprof-streamed-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Names() => [.. Profiles];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_file_reads_as_its_bytes_do_with_samples_in_memory_or_streamed(string name)
    {
        var path = TestData.File(name);
        var expected = Raw(ProfileReader.Parse(File.ReadAllBytes(path)));

        Assert.Equal(expected, Raw(ProfileReader.ReadFile(path)));
        Assert.Equal(expected, Raw(ProfileReader.ReadFile(path, new ReadOptions { MaxSampleBytesInMemory = 0 })));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_file_larger_than_the_samples_kept_is_streamed_from_the_start_and_reads_the_same(string name)
    {
        var path = TestData.File(name);
        var decompressed = Gunzip(File.ReadAllBytes(path)).Length;
        var expected = Raw(ProfileReader.Parse(File.ReadAllBytes(path)));

        var justLarger = ProfileReader.ReadFile(path, new ReadOptions { MaxSampleBytesInMemory = decompressed - 1 });
        var justSmaller = ProfileReader.ReadFile(path, new ReadOptions { MaxSampleBytesInMemory = decompressed });

        Assert.True(justLarger.Samples.Encoded?.IsStreamed);
        Assert.False(justSmaller.Samples.Encoded?.IsStreamed);
        Assert.Equal(expected, Raw(justLarger));
        Assert.Equal(expected, Raw(justSmaller));
    }

    [Fact]
    public void Streamed_samples_split_over_parts_are_each_read_once_in_order()
    {
        var samples = ProfileReader.ReadFile(TestData.File("big.heap.pb.gz"), new ReadOptions { MaxSampleBytesInMemory = 0 }).Samples;
        var seen = new List<int>();
        for (var part = 0; part < 3; part++)
        {
            var cursor = samples.GetCursor(part, 3);
            while (cursor.MoveNext())
            {
                seen.Add(cursor.Index);
            }
        }

        Assert.Equal(Enumerable.Range(0, samples.Count), seen);
    }

    [Fact]
    public void Damaged_files_give_what_their_bytes_give_in_memory()
    {
        var gzip = File.ReadAllBytes(TestData.File("gobmap.heap.4.pb.gz"));
        var plain = Gunzip(gzip);
        var random = new Random(7);
        var cases = new List<byte[]>();
        foreach (var data in (byte[][])[gzip, plain])
        {
            for (var length = 0; length < data.Length; length += 1 + data.Length / 40)
            {
                cases.Add(data[..length]);
            }

            for (var i = 0; i < 40; i++)
            {
                var flipped = data.ToArray();
                flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                cases.Add(flipped);
            }
        }

        // Past a megabyte a thread gunzips ahead of the decoder: its errors must arrive as the decoder's would.
        var big = File.ReadAllBytes(TestData.File("big.heap.pb.gz"));
        cases.Add(big[..(big.Length / 2)]);
        var damaged = big.ToArray();
        damaged[big.Length / 3] ^= 0x10;
        cases.Add(damaged);

        var path = Path.Combine(_folder, "case.pb");
        foreach (var data in cases)
        {
            File.WriteAllBytes(path, data);
            Assert.Equal(Outcome(() => ProfileReader.Parse(data)), Outcome(() => ProfileReader.ReadFile(path)));
        }
    }

    private static string Outcome(Func<Profile> read)
    {
        try
        {
            return Raw(read());
        }
        catch (ProfileFormatException error)
        {
            return "error: " + error.Message;
        }
    }

    private static string Raw(Profile profile)
    {
        using var writer = new StringWriter();
        RawReport.Write(writer, profile);
        return writer.ToString();
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(data), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
