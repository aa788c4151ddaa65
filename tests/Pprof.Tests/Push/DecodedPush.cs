using System.Text;
using Pprof.Profiles.Proto;
using Pprof.Push;

namespace Pprof.Tests.Push;

/// <summary>
/// A <c>push.v1.PushRequest</c> read back field by field with the wire format's own rules, independently of the
/// encoder: every field number and wire type must be one push.proto and types.proto define.
/// </summary>
public sealed record DecodedPush(List<DecodedSeries> Series)
{
    public static DecodedPush Read(byte[] body)
    {
        var series = new List<DecodedSeries>();
        var reader = new ProtoReader(body);
        while (reader.ReadTag(out var field, out var wireType))
        {
            Assert.Equal((1, WireType.LengthDelimited), (field, wireType));
            series.Add(ReadSeries(reader.ReadBytes()));
        }

        return new DecodedPush(series);
    }

    private static DecodedSeries ReadSeries(ReadOnlySpan<byte> message)
    {
        var labels = new List<PushLabel>();
        var samples = new List<DecodedSample>();
        var reader = new ProtoReader(message);
        while (reader.ReadTag(out var field, out var wireType))
        {
            Assert.Equal(WireType.LengthDelimited, wireType);
            switch (field)
            {
                case 1:
                    var (name, value) = ReadPair(reader.ReadBytes());
                    labels.Add(new PushLabel(Encoding.UTF8.GetString(name), Encoding.UTF8.GetString(value)));
                    break;
                case 2:
                    var (raw, id) = ReadPair(reader.ReadBytes());
                    samples.Add(new DecodedSample(raw, Encoding.UTF8.GetString(id)));
                    break;
                default:
                    Assert.Fail($"RawProfileSeries has no field {field}");
                    break;
            }
        }

        return new DecodedSeries(labels, samples);
    }

    /// <summary>LabelPair and RawSample alike: a length-delimited field 1 and field 2, in that order.</summary>
    private static (byte[] First, byte[] Second) ReadPair(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        Assert.True(reader.ReadTag(out var field, out var wireType));
        Assert.Equal((1, WireType.LengthDelimited), (field, wireType));
        var first = reader.ReadBytes().ToArray();
        Assert.True(reader.ReadTag(out field, out wireType));
        Assert.Equal((2, WireType.LengthDelimited), (field, wireType));
        var second = reader.ReadBytes().ToArray();
        Assert.True(reader.End);
        return (first, second);
    }
}

public sealed record DecodedSeries(List<PushLabel> Labels, List<DecodedSample> Samples)
{
    public string Label(string name) => Assert.Single(Labels, l => l.Name == name).Value;
}

public sealed record DecodedSample(byte[] RawProfile, string Id);
