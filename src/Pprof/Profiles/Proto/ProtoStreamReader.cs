namespace Pprof.Profiles.Proto;

/// <summary>
/// Reads the top-level fields of a protobuf message from a stream through a window, so that a profile is decoded
/// as it is decompressed instead of being held whole. Spans it returns are valid until the next call.
/// </summary>
/// <param name="maxBytes">More input than this ends the read with <paramref name="tooLarge"/>'s message.</param>
internal sealed class ProtoStreamReader(Stream stream, long maxBytes = long.MaxValue, string tooLarge = "") : IDisposable
{
    // Longer than any key or scalar: a tag and its value always fit after one refill.
    private const int MaxScalarLength = 20;

    private byte[] _window = GC.AllocateUninitializedArray<byte>(1 << 20);
    private int _start;
    private int _end;
    private bool _ended;

    /// <summary>How many bytes the stream has given so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Whether the read ended because the input passed its limit.</summary>
    public bool LimitExceeded { get; private set; }

    /// <summary>The first bytes of the stream, read without consuming them.</summary>
    public ReadOnlySpan<byte> Peek(int count)
    {
        Ensure(count);
        return _window.AsSpan(_start, Math.Min(count, _end - _start));
    }

    public bool ReadTag(out int field, out WireType wireType)
    {
        if (!Ensure(1))
        {
            field = 0;
            wireType = default;
            return false;
        }

        var reader = Scalars();
        reader.ReadTag(out field, out wireType);
        _start += reader.Position;
        return true;
    }

    public ulong ReadInteger(WireType wireType)
    {
        var reader = Scalars();
        var value = reader.ReadInteger(wireType);
        _start += reader.Position;
        return value;
    }

    /// <summary>The payload of a length-delimited field.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var reader = Scalars();
        var length = reader.ReadVarint();
        _start += reader.Position;
        if (length > int.MaxValue || !Ensure((int)length))
        {
            throw new ProfileFormatException("truncated protobuf message: a field is longer than the data left");
        }

        var bytes = _window.AsSpan(_start, (int)length);
        _start += (int)length;
        return bytes;
    }

    public void Skip(WireType wireType)
    {
        if (wireType == WireType.LengthDelimited)
        {
            ReadBytes();
            return;
        }

        var reader = Scalars();
        reader.Skip(wireType);
        _start += reader.Position;
    }

    public void Dispose() => stream.Dispose();

    private ProtoReader Scalars()
    {
        Ensure(MaxScalarLength);
        return new ProtoReader(_window.AsSpan(_start, _end - _start));
    }

    /// <summary>Makes <paramref name="count"/> bytes available in the window; false when the stream ends first.</summary>
    private bool Ensure(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        _window.AsSpan(_start, _end - _start).CopyTo(_window);
        _end -= _start;
        _start = 0;
        while (_end < count && !_ended)
        {
            if (_end == _window.Length)
            {
                // Grown as the bytes arrive, never straight to the length a field claims: a damaged length would
                // otherwise allocate up to 2 GiB for a stream of a few bytes.
                var larger = GC.AllocateUninitializedArray<byte>((int)Math.Min(Math.Min(_window.Length * 2L, count), Array.MaxLength));
                _window.AsSpan(0, _end).CopyTo(larger);
                _window = larger;
            }

            var read = stream.Read(_window, _end, _window.Length - _end);
            _ended = read == 0;
            _end += read;
            BytesRead += read;
            if (BytesRead > maxBytes)
            {
                LimitExceeded = true;
                throw new ProfileFormatException(tooLarge);
            }
        }

        return _end >= count;
    }
}
