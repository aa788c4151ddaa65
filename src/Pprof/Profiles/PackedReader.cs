using System.Runtime.CompilerServices;

namespace Pprof.Profiles;

/// <summary>Reads the varints <see cref="SampleList"/> writes; its data is our own, so it needs no validation.</summary>
internal ref struct PackedReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint()
    {
        ulong b = _data[_position++];
        if (b < 0x80)
        {
            return b;
        }

        var result = b & 0x7F;
        var shift = 7;
        do
        {
            b = _data[_position++];
            result |= (b & 0x7F) << shift;
            shift += 7;
        }
        while (b >= 0x80);
        return result;
    }

    public int ReadCount() => (int)ReadVarint();

    public long ReadZigZag()
    {
        var value = ReadVarint();
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    public void Skip(int varints)
    {
        for (var i = 0; i < varints; i++)
        {
            ReadVarint();
        }
    }
}
