using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Pprof;

/// <summary>
/// UTF-8 that keeps bytes which are not valid UTF-8, as Go's strings do: each such byte decodes to a lone surrogate
/// U+DC80..U+DCFF (never produced by valid UTF-8) and encodes back to the byte, so names, labels and reports pass
/// through byte for byte. Valid text costs what <see cref="Encoding.UTF8"/> costs: the escapes are handled only where
/// the fast paths stop.
/// </summary>
internal sealed class LosslessUtf8 : Encoding
{
    private const char FirstEscape = '\uDC80';
    private const char LastEscape = '\uDCFF';

    private static ReadOnlySpan<byte> Replacement => [0xEF, 0xBF, 0xBD];

    private LosslessUtf8()
    {
    }

    public static LosslessUtf8 Instance { get; } = new();

    public override string WebName => "utf-8";

    public override ReadOnlySpan<byte> Preamble => [];

    public override byte[] GetPreamble() => [];

    /// <summary>The string a profile's bytes stand for; invalid bytes become escapes.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return UTF8.GetString(bytes);
        }

        var chars = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        return new string(chars[..Escape(bytes, chars)]);
    }

    public override int GetMaxByteCount(int charCount) => checked((charCount + 1) * 3);

    public override int GetMaxCharCount(int byteCount) => checked(byteCount + 1);

    public override int GetByteCount(char[] chars, int index, int count) => GetByteCount(chars.AsSpan(index, count));

    public override int GetByteCount(ReadOnlySpan<char> chars)
    {
        var count = UTF8.GetByteCount(chars);
        if (!chars.ContainsAnyInRange(FirstEscape, LastEscape))
        {
            return count;
        }

        // UTF-8 counts three bytes (U+FFFD) for each lone surrogate; an escape is one.
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= FirstEscape and <= LastEscape && (i == 0 || !char.IsHighSurrogate(chars[i - 1])))
            {
                count -= 2;
            }
        }

        return count;
    }

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        GetBytes(chars.AsSpan(charIndex, charCount), bytes.AsSpan(byteIndex));

    public override int GetBytes(ReadOnlySpan<char> chars, Span<byte> bytes)
    {
        var written = 0;
        while (true)
        {
            var status = Utf8.FromUtf16(chars, bytes[written..], out var read, out var wrote, replaceInvalidSequences: false);
            written += wrote;
            chars = chars[read..];
            switch (status)
            {
                case OperationStatus.Done:
                    return written;
                case OperationStatus.DestinationTooSmall:
                    throw new ArgumentException("the destination is too small for the encoded text", nameof(bytes));
            }

            // A lone surrogate: an escaped byte goes back as itself, any other becomes U+FFFD as in UTF-8.
            var lone = chars[0];
            chars = chars[1..];
            if (lone is >= FirstEscape and <= LastEscape)
            {
                bytes[written++] = (byte)lone;
            }
            else
            {
                Replacement.CopyTo(bytes[written..]);
                written += Replacement.Length;
            }
        }
    }

    public override int GetCharCount(byte[] bytes, int index, int count) => GetCharCount(bytes.AsSpan(index, count));

    public override int GetCharCount(ReadOnlySpan<byte> bytes) =>
        Utf8.IsValid(bytes) ? UTF8.GetCharCount(bytes) : Escape(bytes, new char[bytes.Length]);

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        GetChars(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex));

    public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars) =>
        Utf8.IsValid(bytes) ? UTF8.GetChars(bytes, chars) : Escape(bytes, chars);

    public override string GetString(byte[] bytes, int index, int count) => Decode(bytes.AsSpan(index, count));

    /// <summary>Text is decoded whole (<see cref="Decode"/>): a chunk could end inside a sequence.</summary>
    public override Decoder GetDecoder() => throw new NotSupportedException("LosslessUtf8 decodes whole buffers only");

    /// <summary>Keeps a high surrogate that ends one chunk for the low one that starts the next, as writers cut text anywhere.</summary>
    public override Encoder GetEncoder() => new ChunkEncoder();

    private sealed class ChunkEncoder : Encoder
    {
        private char _pendingHigh;

        public override void Reset() => _pendingHigh = '\0';

        public override int GetByteCount(char[] chars, int index, int count, bool flush) =>
            GetByteCount(chars.AsSpan(index, count), flush);

        public override int GetByteCount(ReadOnlySpan<char> chars, bool flush)
        {
            Span<char> pair = stackalloc char[2];
            var head = pair[..TakeHead(ref chars, pair)];
            return Instance.GetByteCount(head) + Instance.GetByteCount(flush ? chars : WithoutHighEnd(chars));
        }

        public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex, bool flush) =>
            GetBytes(chars.AsSpan(charIndex, charCount), bytes.AsSpan(byteIndex), flush);

        public override int GetBytes(ReadOnlySpan<char> chars, Span<byte> bytes, bool flush)
        {
            Span<char> pair = stackalloc char[2];
            var head = pair[..TakeHead(ref chars, pair)];
            var body = flush ? chars : WithoutHighEnd(chars);
            _pendingHigh = body.Length < chars.Length ? chars[^1] : '\0';
            var written = Instance.GetBytes(head, bytes);
            return written + Instance.GetBytes(body, bytes[written..]);
        }

        /// <summary>
        /// Puts the surrogate held from the last chunk into <paramref name="head"/>, with the low one that completes it
        /// when <paramref name="chars"/> starts with it; returns how many chars it put.
        /// </summary>
        private int TakeHead(ref ReadOnlySpan<char> chars, scoped Span<char> head)
        {
            if (_pendingHigh == '\0')
            {
                return 0;
            }

            head[0] = _pendingHigh;
            if (chars.IsEmpty || !char.IsLowSurrogate(chars[0]))
            {
                return 1;
            }

            head[1] = chars[0];
            chars = chars[1..];
            return 2;
        }

        private static ReadOnlySpan<char> WithoutHighEnd(ReadOnlySpan<char> chars) =>
            !chars.IsEmpty && char.IsHighSurrogate(chars[^1]) ? chars[..^1] : chars;
    }

    /// <summary>Decodes text that is not all valid UTF-8: each byte of an invalid sequence becomes its escape.</summary>
    private static int Escape(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        var written = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(bytes, chars[written..], out var read, out var wrote, replaceInvalidSequences: false);
            written += wrote;
            bytes = bytes[read..];
            switch (status)
            {
                case OperationStatus.Done:
                    return written;
                case OperationStatus.DestinationTooSmall:
                    throw new ArgumentException("the destination is too small for the decoded text", nameof(chars));
            }

            chars[written++] = (char)(FirstEscape - 0x80 + bytes[0]);
            bytes = bytes[1..];
        }
    }
}
