using System.Text;

namespace Pprof.Push;

/// <summary>
/// Writes Pyroscope's <c>push.v1.PushRequest</c> in the protobuf wire format, sizing every message first so that the
/// profiles are copied once, straight into the request body. The messages, from api/push/v1/push.proto and
/// api/types/v1/types.proto:
/// <c>PushRequest { repeated RawProfileSeries series = 1; }</c>,
/// <c>RawProfileSeries { repeated types.v1.LabelPair labels = 1; repeated RawSample samples = 2; }</c>,
/// <c>RawSample { bytes raw_profile = 1; string ID = 2; }</c>, <c>LabelPair { string name = 1; string value = 2; }</c>.
/// </summary>
internal static class PushRequestEncoder
{
    private const int LengthDelimited = 2;

    public static byte[] Encode(IReadOnlyList<PushSeries> series)
    {
        var size = 0;
        foreach (var one in series)
        {
            size += FieldSize(SeriesSize(one));
        }

        var body = new byte[size];
        var output = new Output(body);
        foreach (var one in series)
        {
            output.Header(1, SeriesSize(one));
            foreach (var label in one.Labels)
            {
                output.Header(1, LabelSize(label));
                output.String(1, label.Name);
                output.String(2, label.Value);
            }

            foreach (var sample in one.Samples)
            {
                output.Header(2, SampleSize(sample));
                output.Bytes(1, sample.RawProfile.Span);
                output.String(2, sample.Id);
            }
        }

        return body;
    }

    private static int SeriesSize(PushSeries series)
    {
        var size = 0;
        foreach (var label in series.Labels)
        {
            size += FieldSize(LabelSize(label));
        }

        foreach (var sample in series.Samples)
        {
            size += FieldSize(SampleSize(sample));
        }

        return size;
    }

    private static int LabelSize(PushLabel label) => StringSize(label.Name) + StringSize(label.Value);

    private static int SampleSize(PushSample sample) => FieldSize(sample.RawProfile.Length) + StringSize(sample.Id);

    private static int StringSize(string value) => FieldSize(Encoding.UTF8.GetByteCount(value));

    /// <summary>A length-delimited field of a small field number: its one-byte tag, the length and the payload.</summary>
    private static int FieldSize(int payload) => 1 + VarintSize((uint)payload) + payload;

    private static int VarintSize(uint value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private ref struct Output(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;
        private int _position;

        public void Header(int field, int length)
        {
            _destination[_position++] = (byte)((field << 3) | LengthDelimited);
            var value = (uint)length;
            while (value >= 0x80)
            {
                _destination[_position++] = (byte)(value | 0x80);
                value >>= 7;
            }

            _destination[_position++] = (byte)value;
        }

        public void Bytes(int field, ReadOnlySpan<byte> payload)
        {
            Header(field, payload.Length);
            payload.CopyTo(_destination[_position..]);
            _position += payload.Length;
        }

        public void String(int field, string value)
        {
            Header(field, Encoding.UTF8.GetByteCount(value));
            _position += Encoding.UTF8.GetBytes(value, _destination[_position..]);
        }
    }
}
