using System.Text;
using CsCheck;
using Pprof.Profiles;
using Pprof.Sources;
using Pprof.Tests.Support;

namespace Pprof.Tests.Profiles;

/// <summary>
/// profile.proto encoding and decoding: whatever the model holds comes back from <see cref="ProfileWriter"/> and
/// <see cref="ProfileReader"/>.
/// </summary>
public sealed class CodecPropertyTests
{
    private static readonly Gen<char> Char =
        Gen.OneOf(Gen.Char['a', 'z'], Gen.Char[' ', '~'], Gen.Char['\u00e0', '\u00ff'], Gen.Char['\u4e00', '\u4e0f']);
    private static readonly Gen<string> Text = Char.Array[0, 8].Select(chars => new string(chars));
    private static readonly Gen<string> NonEmptyText = Char.Array[1, 8].Select(chars => new string(chars));
    private static readonly Gen<SampleType> ValueType = Gen.Select(Text, Text, (type, unit) => new SampleType(type, unit));

    private static readonly Gen<Mapping> MappingGen =
        Gen.Select(Gen.ULong, Gen.ULong, Gen.ULong, Text, Text, Gen.Int[0, 15], (start, limit, offset, file, buildId, flags) => new Mapping
        {
            Start = start,
            Limit = limit,
            Offset = offset,
            File = file,
            BuildId = buildId,
            HasFunctions = (flags & 1) != 0,
            HasFilenames = (flags & 2) != 0,
            HasLineNumbers = (flags & 4) != 0,
            HasInlineFrames = (flags & 8) != 0,
        });

    private static readonly Gen<Function> FunctionGen =
        Gen.Select(Text, Text, Text, Gen.Long, (name, systemName, file, startLine) => new Function
        {
            Name = name,
            SystemName = systemName,
            Filename = file,
            StartLine = startLine,
        });

    /// <summary>String and numeric labels in any order, keys repeated now and then (a small alphabet of keys).</summary>
    private static readonly Gen<Label[]> LabelsGen =
        Gen.Select(
                Gen.Select(Gen.OneOf(Text, Gen.Const("key")), NonEmptyText, Label.String).Array[0, 3],
                Gen.Select(Gen.OneOf(Text, Gen.Const("key")), Gen.Long, NonEmptyText.Null(0.5), Label.Number)
                    .Where(l => l.Num != 0 || l.NumUnit is not null)
                    .Array[0, 3])
            .SelectMany((strings, numbers) => Gen.Shuffle(strings.Concat(numbers).ToArray()));

    /// <summary>A profile, and the same profile as read back: each sample's labels in the order profile.proto writers use.</summary>
    internal static readonly Gen<(Profile Written, Profile Read)> ProfileGen =
        from sampleTypes in ValueType.Array[1, 4]
        from periodType in ValueType.Null(0.3)
        from times in Gen.Select(Gen.Long, Gen.Long, Gen.Long)
        from frames in Gen.Select(Text, Text, Text, Text)
        from comments in Text.List[0, 3]
        from mappings in Gen.Int[0, 3].SelectMany(count => WithIds(MappingGen, count, (m, id) => m.Id = id))
        from functions in Gen.Int[1, 5].SelectMany(count => WithIds(FunctionGen, count, (f, id) => f.Id = id))
        from locations in Gen.Int[1, 6].SelectMany(count => WithIds(LocationGen(mappings, functions), count, (l, id) => l.Id = id))
        from samples in Gen.Select(Gen.Int[0, locations.Length - 1].Array[0, 6], Gen.Long.Array[sampleTypes.Length], LabelsGen).Array[0, 8]
        select (Build(sampleTypes, periodType, times, frames, comments, mappings, functions, locations, samples),
            Build(sampleTypes, periodType, times, frames, comments, mappings, functions, locations,
                [.. samples.Select(s => (s.Item1, s.Item2, WriterOrder(s.Item3)))]));

    public static TheoryData<string> BundledProfiles() =>
        [.. Directory.EnumerateFiles(TestData.Go, "*.pb.gz").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Random_profiles_survive_write_then_read()
    {
        ProfileGen.Sample(
            generated => Assert.Equal(ProfileDescription.Describe(generated.Read), ProfileDescription.Describe(RoundTrip(generated.Written))),
            iter: 500,
            print: generated => ProfileDescription.Describe(generated.Written));
    }

    [Fact]
    public void Random_profiles_survive_uncompressed_write_then_read()
    {
        ProfileGen.Sample(
            generated =>
            {
                var bytes = ProfileWriter.ToBytes(generated.Written, compress: false);
                Assert.False(ProfileReader.IsGzip(bytes));
                Assert.Equal(ProfileDescription.Describe(generated.Read), ProfileDescription.Describe(ProfileReader.Parse(bytes)));
                Assert.Equal(bytes, ProfileWriter.ToBytes(generated.Read, compress: false));
            },
            iter: 200,
            print: generated => ProfileDescription.Describe(generated.Written));
    }

    [Fact]
    public void Extreme_sample_values_survive_write_then_read()
    {
        var profile = new Profile([new SampleType("delta", "count"), new SampleType("other", "count")])
        {
            Functions = [new Function { Id = 1, Name = "main" }],
        };
        profile.Locations.Add(new Location { Id = 1, Lines = [new Line(profile.Functions[0], 1)] });
        profile.Samples.Add([0], [long.MinValue, long.MaxValue], []);
        profile.Samples.Add([0], [-1, 0], []);

        var read = RoundTrip(profile);

        Assert.Equal([long.MinValue, long.MaxValue], read.Samples.Values(0));
        Assert.Equal([-1L, 0L], read.Samples.Values(1));
    }

    [Theory]
    [MemberData(nameof(BundledProfiles))]
    public void Bundled_profile_reads_back_the_same_after_writing(string name)
    {
        var original = ProfileReader.ReadFile(TestData.File(name));
        var again = RoundTrip(original);

        Assert.Equal(ProfileDescription.Describe(original), ProfileDescription.Describe(again));
        Assert.Equal(ProfileWriter.ToBytes(original, compress: false), ProfileWriter.ToBytes(again, compress: false));
    }

    [Fact]
    public void Packed_and_unpacked_repeated_fields_decode_alike()
    {
        var unpacked = new Message().Varint(1, 1).Varint(1, 2).Varint(2, 7);
        var packed = new Message().Packed(1, 1, 2).Packed(2, 7);
        var profile = ProfileReader.Parse(TinyProfile(unpacked, packed));

        Assert.Equal(2, profile.Samples.Count);
        Assert.Equal([0, 1], profile.Samples.Stack(0));
        Assert.Equal([7L], profile.Samples.Values(0));
        Assert.Equal(profile.Samples.Stack(0), profile.Samples.Stack(1));
        Assert.Equal(profile.Samples.Values(0), profile.Samples.Values(1));
    }

    [Fact]
    public void Unknown_fields_after_a_valid_encoding_are_skipped()
    {
        var original = ProfileReader.ReadFile(TestData.File("gobmap.heap.4.pb.gz"));
        var unknown = new Message()
            .Varint(100, 42)
            .Fixed64(100, 0x0102030405060708)
            .Bytes(100, Encoding.UTF8.GetBytes("not a profile field"))
            .Fixed32(100, 0x01020304);

        byte[] encoding = [.. ProfileWriter.ToBytes(original, compress: false), .. unknown.ToArray()];
        var read = ProfileReader.Parse(encoding);

        Assert.Equal(ProfileDescription.Describe(original), ProfileDescription.Describe(read));
    }

    [Fact]
    public void Unknown_fields_inside_messages_are_skipped()
    {
        var sample = new Message().Packed(1, 1, 2).Varint(100, 5).Packed(2, 7).Bytes(100, [1, 2, 3]);
        var profile = ProfileReader.Parse(TinyProfile(sample, new Message().Packed(1, 2).Packed(2, 3).Fixed32(100, 9)));

        Assert.Equal([0, 1], profile.Samples.Stack(0));
        Assert.Equal([7L], profile.Samples.Values(0));
        Assert.Equal([1], profile.Samples.Stack(1));
        Assert.Equal([3L], profile.Samples.Values(1));
        Assert.Equal("main", profile.Functions.Single().Name);
    }

    private static Profile RoundTrip(Profile profile) => ProfileReader.Parse(ProfileWriter.ToBytes(profile));

    /// <summary>
    /// A generator of <paramref name="count"/> items with distinct non-zero ids, either 1..count or spread over all of ulong.
    /// </summary>
    private static Gen<T[]> WithIds<T>(Gen<T> gen, int count, Action<T, ulong> setId) =>
        from ids in Gen.OneOf(
            Gen.Const(Enumerable.Range(1, count).Select(i => (ulong)i).ToArray()),
            Gen.ULong.Where(id => id != 0).ArrayUnique[count])
        from items in gen.Array[count]
        select Assign(items, ids, setId);

    private static T[] Assign<T>(T[] items, ulong[] ids, Action<T, ulong> setId)
    {
        for (var i = 0; i < items.Length; i++)
        {
            setId(items[i], ids[i]);
        }

        return items;
    }

    private static Gen<Location> LocationGen(Mapping[] mappings, Function[] functions) =>
        Gen.Select(
            Gen.Int[-1, mappings.Length - 1],
            Gen.ULong,
            Gen.Bool,
            Gen.Select(Gen.Int[0, functions.Length - 1], Gen.Long, Gen.Long).Array[0, 3],
            (mapping, address, folded, lines) => new Location
            {
                Mapping = mapping < 0 ? null : mappings[mapping],
                Address = address,
                IsFolded = folded,
                Lines = [.. lines.Select(l => new Line(functions[l.Item1], l.Item2, l.Item3))],
            });

    /// <summary>String labels first, then numeric ones, each by key; labels of one key keep their order.</summary>
    private static Label[] WriterOrder(Label[] labels) =>
        [.. labels.OrderBy(l => l.IsNumeric).ThenBy(l => l.Key, StringComparer.Ordinal)];

    private static Profile Build(
        SampleType[] sampleTypes,
        SampleType? periodType,
        (long Period, long Time, long Duration) times,
        (string Drop, string Keep, string DefaultSampleType, string DocUrl) frames,
        List<string> comments,
        Mapping[] mappings,
        Function[] functions,
        Location[] locations,
        (int[] Stack, long[] Values, Label[] Labels)[] samples)
    {
        var profile = new Profile(sampleTypes)
        {
            PeriodType = periodType,
            Period = times.Period,
            TimeNanos = times.Time,
            DurationNanos = times.Duration,
            DropFrames = frames.Drop,
            KeepFrames = frames.Keep,
            DefaultSampleType = frames.DefaultSampleType,
            DocUrl = frames.DocUrl,
            Comments = comments,
            Mappings = [.. mappings],
            Functions = [.. functions],
            Locations = [.. locations],
        };
        foreach (var (stack, values, labels) in samples)
        {
            profile.Samples.Add(stack, values, labels);
        }

        return profile;
    }

    /// <summary>
    /// A hand-encoded profile with one function and two locations, whose samples come before the locations they
    /// refer to, as profile.proto allows.
    /// </summary>
    private static byte[] TinyProfile(params Message[] samples)
    {
        var profile = new Message().Embedded(1, new Message().Varint(1, 1).Varint(2, 2));
        foreach (var sample in samples)
        {
            profile.Embedded(2, sample);
        }

        profile
            .Embedded(4, new Message().Varint(1, 1).Embedded(4, new Message().Varint(1, 1).Varint(2, 10)))
            .Embedded(4, new Message().Varint(1, 2).Embedded(4, new Message().Varint(1, 1).Varint(2, 20)))
            .Embedded(5, new Message().Varint(1, 1).Varint(2, 3).Varint(4, 4));
        foreach (var s in (string[])["", "alloc_space", "bytes", "main", "main.go"])
        {
            profile.Bytes(6, Encoding.UTF8.GetBytes(s));
        }

        return profile.ToArray();
    }

    /// <summary>Writes protobuf fields by hand, including the forms our writer never produces.</summary>
    private sealed class Message
    {
        private readonly List<byte> _bytes = [];

        public Message Varint(int field, ulong value)
        {
            Tag(field, 0);
            Raw(value);
            return this;
        }

        public Message Fixed64(int field, ulong value)
        {
            Tag(field, 1);
            _bytes.AddRange(BitConverter.GetBytes(value));
            return this;
        }

        public Message Fixed32(int field, uint value)
        {
            Tag(field, 5);
            _bytes.AddRange(BitConverter.GetBytes(value));
            return this;
        }

        public Message Bytes(int field, byte[] value)
        {
            Tag(field, 2);
            Raw((ulong)value.Length);
            _bytes.AddRange(value);
            return this;
        }

        public Message Embedded(int field, Message message) => Bytes(field, message.ToArray());

        public Message Packed(int field, params ulong[] values)
        {
            var packed = new Message();
            foreach (var value in values)
            {
                packed.Raw(value);
            }

            return Bytes(field, packed.ToArray());
        }

        public byte[] ToArray() => [.. _bytes];

        private void Tag(int field, int wireType) => Raw((ulong)((field << 3) | wireType));

        private void Raw(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.Add((byte)(value | 0x80));
                value >>= 7;
            }

            _bytes.Add((byte)value);
        }
    }
}
