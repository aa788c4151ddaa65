using System.Runtime.CompilerServices;

namespace Pprof.Profiles.Proto;

/// <summary>Reads the protobuf wire format from a span; every malformed input ends in a <see cref="ProfileFormatException"/>.</summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    public readonly int Position => _position;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ReadTag(out int field, out WireType wireType)
    {
        var data = _data;
        var position = _position;
        if ((uint)position >= (uint)data.Length)
        {
            field = 0;
            wireType = default;
            return false;
        }

        if (data[position] is >= 1 << 3 and < 0x80)
        {
            // One byte: a field number from 1 to 15, the common case.
            _position = position + 1;
            field = data[position] >> 3;
            wireType = (WireType)(data[position] & 7);
            return true;
        }

        return ReadTagSlow(out field, out wireType);
    }

    private bool ReadTagSlow(out int field, out WireType wireType)
    {
        var key = ReadVarint();
        field = (int)(key >> 3);
        wireType = (WireType)(key & 7);
        if (field <= 0 || key >> 3 > int.MaxValue)
        {
            throw new ProfileFormatException($"invalid protobuf field number {key >> 3}");
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint()
    {
        var data = _data;
        var position = _position;
        if ((uint)position < (uint)data.Length)
        {
            var first = data[position];
            if (first < 0x80)
            {
                _position = position + 1;
                return first;
            }

            // Two bytes: most location ids and many values.
            if ((uint)(position + 1) < (uint)data.Length && data[position + 1] < 0x80)
            {
                _position = position + 2;
                return (first & 0x7Fu) | ((ulong)data[position + 1] << 7);
            }
        }

        return ReadVarintSlow();
    }

    private ulong ReadVarintSlow()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new ProfileFormatException("truncated protobuf varint");
            }

            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new ProfileFormatException("protobuf varint longer than 10 bytes");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new ProfileFormatException("truncated protobuf message: a field is longer than the data left");
        }

        var bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    public ulong ReadFixed64()
    {
        if (_data.Length - _position < 8)
        {
            throw new ProfileFormatException("truncated protobuf fixed64 field");
        }

        var value = BitConverter.ToUInt64(_data.Slice(_position, 8));
        _position += 8;
        return value;
    }

    public uint ReadFixed32()
    {
        if (_data.Length - _position < 4)
        {
            throw new ProfileFormatException("truncated protobuf fixed32 field");
        }

        var value = BitConverter.ToUInt32(_data.Slice(_position, 4));
        _position += 4;
        return value;
    }

    /// <summary>Reads an integer field's value whatever its wire type; profile.proto has no other scalars.</summary>
    public ulong ReadInteger(WireType wireType) => wireType switch
    {
        WireType.Varint => ReadVarint(),
        WireType.Fixed64 => ReadFixed64(),
        WireType.Fixed32 => ReadFixed32(),
        _ => throw new ProfileFormatException($"unexpected protobuf wire type {(int)wireType} for an integer field"),
    };

    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                ReadFixed64();
                break;
            case WireType.LengthDelimited:
                ReadBytes();
                break;
            case WireType.Fixed32:
                ReadFixed32();
                break;
            default:
                throw new ProfileFormatException($"unsupported protobuf wire type {(int)wireType}");
        }
    }

    /// <summary>Calls <paramref name="visit"/> for every integer field of a message; other fields are skipped.</summary>
    public static void ReadScalars(ReadOnlySpan<byte> message, ScalarVisitor visit)
    {
        var reader = new ProtoReader(message);
        while (reader.ReadTag(out var field, out var wireType))
        {
            if (wireType == WireType.LengthDelimited)
            {
                reader.Skip(wireType);
                continue;
            }

            visit(field, reader.ReadInteger(wireType));
        }
    }
}

/// <summary>Receives one integer field of a message.</summary>
internal delegate void ScalarVisitor(int field, ulong value);
