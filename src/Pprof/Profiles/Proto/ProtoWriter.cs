using System.Buffers;

namespace Pprof.Profiles.Proto;

/// <summary>Writes the protobuf wire format into a growable pooled buffer.</summary>
internal sealed class ProtoWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public ProtoWriter(int capacity = 256) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    public void WriteTag(int field, WireType wireType) => WriteVarint((ulong)((field << 3) | (int)wireType));

    /// <summary>Writes an integer field, leaving it out when zero as proto3 does.</summary>
    public void WriteInteger(int field, long value)
    {
        if (value == 0)
        {
            return;
        }

        WriteTag(field, WireType.Varint);
        WriteVarint((ulong)value);
    }

    public void WriteBool(int field, bool value) => WriteInteger(field, value ? 1 : 0);

    public void WriteBytes(int field, ReadOnlySpan<byte> bytes)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)bytes.Length);
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void WriteString(int field, string value)
    {
        WriteTag(field, WireType.LengthDelimited);
        var byteCount = LosslessUtf8.Instance.GetByteCount(value);
        WriteVarint((ulong)byteCount);
        Ensure(byteCount);
        _length += LosslessUtf8.Instance.GetBytes(value, _buffer.AsSpan(_length));
    }

    /// <summary>Writes a repeated integer field packed, as proto3 does by default.</summary>
    public void WritePacked(int field, ReadOnlySpan<long> values, ProtoWriter scratch)
    {
        if (values.IsEmpty)
        {
            return;
        }

        scratch.Clear();
        foreach (var value in values)
        {
            scratch.WriteVarint((ulong)value);
        }

        WriteBytes(field, scratch.WrittenSpan);
    }

    public void WritePacked(int field, ReadOnlySpan<ulong> values, ProtoWriter scratch)
    {
        if (values.IsEmpty)
        {
            return;
        }

        scratch.Clear();
        foreach (var value in values)
        {
            scratch.WriteVarint(value);
        }

        WriteBytes(field, scratch.WrittenSpan);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
