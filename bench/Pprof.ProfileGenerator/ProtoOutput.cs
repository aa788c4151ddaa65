namespace Pprof.ProfileGenerator;

/// <summary>Writes protobuf fields to a stream; messages are built in a reusable scratch buffer first.</summary>
internal sealed class ProtoOutput(Stream stream)
{
    private readonly byte[] _scratch = new byte[1 << 16];
    private int _length;

    public void Varint(int field, ulong value)
    {
        Key(field, 0);
        Raw(value);
    }

    /// <summary>Packed repeated varints, written into the message being built.</summary>
    public void Packed(int field, ReadOnlySpan<ulong> values)
    {
        var bytes = 0;
        foreach (var value in values)
        {
            bytes += Size(value);
        }

        Key(field, 2);
        Raw((ulong)bytes);
        foreach (var value in values)
        {
            Raw(value);
        }
    }

    /// <summary>A nested message built by <paramref name="body"/>, written into the message being built.</summary>
    public void Message(int field, Action<ProtoOutput> body)
    {
        var start = _length;
        body(this);
        var bodyLength = _length - start;
        var header = 1 + Size((ulong)bodyLength);
        _scratch.AsSpan(start, bodyLength).CopyTo(_scratch.AsSpan(start + header));
        _length = start;
        Key(field, 2);
        Raw((ulong)bodyLength);
        _length += bodyLength;
    }

    public void String(int field, string value)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);
        Key(field, 2);
        Raw((ulong)bytes.Length);
        bytes.CopyTo(_scratch, _length);
        _length += bytes.Length;
    }

    /// <summary>Sends what has been built as top-level fields.</summary>
    public void Flush()
    {
        stream.Write(_scratch, 0, _length);
        _length = 0;
    }

    private void Key(int field, int wireType) => Raw((ulong)((field << 3) | wireType));

    private void Raw(ulong value)
    {
        while (value >= 0x80)
        {
            _scratch[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _scratch[_length++] = (byte)value;
    }

    private static int Size(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }
}
