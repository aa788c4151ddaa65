using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using Pprof.Legacy;
using Pprof.Profiles;
using Pprof.Profiles.Proto;

namespace Pprof.Sources;

/// <summary>
/// Reads a profile in any format pprof reads: profile.proto (gzip-compressed or not) or one of the legacy formats:
/// gperftools' binary CPU profile and the text profiles of Go, C++ and Java.
/// </summary>
internal static class ProfileReader
{
    /// <summary>
    /// Input that is not read as a stream (text profiles, profiles in memory) and decompresses to more than this
    /// is refused: no such profile comes near it, a zip bomb does.
    /// </summary>
    public const long MaxDecompressedBytes = 1L << 30;

    // Profiles compress 2 to 20 times; past 64 MiB, output over 200 times its input is a bomb, not a profile.
    private const long BombCheckBytes = 64L << 20;
    private const long MaxExpansion = 200;

    // More than the legacy parsers look at to recognise a file; a guess either way would still be safe: a
    // file that does not decode as a stream is read again whole.
    private const int SniffLength = 128 * 1024;

    /// <summary>
    /// Reads a profile file. profile.proto is decoded as it is decompressed, holding only what the profile keeps
    /// (its samples stay encoded), so that a file of any size needs less memory than its decompressed form;
    /// anything else, or a profile.proto that turns out malformed, is read whole and parsed as before.
    /// </summary>
    public static Profile ReadFile(string path, ReadOptions? options = null)
    {
        options ??= ReadOptions.Default;
        return TryStream(path, options) ?? ReadWhole(path, options);
    }

    private static Profile? TryStream(string path, ReadOptions options)
    {
        using var file = OpenRead(path);
        Span<byte> start = stackalloc byte[2];
        var magicLength = file.ReadAtLeast(start, 2, throwOnEndOfStream: false);
        var gzip = IsGzip(start[..magicLength]);
        var size = gzip ? TrailerSize(file) : file.Length;
        file.Position = 0;
        using var input = gzip ? Gunzip(new GZipStream(file, CompressionMode.Decompress, leaveOpen: true), file.Length) : (Stream)file;
        var maxBytes = gzip ? Math.Max(BombCheckBytes, file.Length * MaxExpansion) : long.MaxValue;
        var reader = new ProtoStreamReader(input, maxBytes, TooLarge(maxBytes, file.Length));
        try
        {
            var prefix = reader.Peek(SniffLength);
            if (prefix.IsEmpty || LegacyProfileParser.Recognizes(prefix))
            {
                return null;
            }

            var profile = ProfileDecoder.Decode(reader, size, () => Reopen(path, gzip), options.MaxSampleBytesInMemory);
            return !gzip || (uint)reader.BytesRead == (uint)size ? profile : null;
        }
        catch (ProfileFormatException) when (!reader.LimitExceeded)
        {
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static Profile ReadWhole(string path, ReadOptions options)
    {
        using var file = OpenRead(path);
        Span<byte> start = stackalloc byte[2];
        var magicLength = file.ReadAtLeast(start, 2, throwOnEndOfStream: false);
        if (magicLength == 0)
        {
            throw new ProfileFormatException("empty input file");
        }

        if (!IsGzip(start[..magicLength]))
        {
            file.Position = 0;
            var data = new byte[file.Length];
            file.ReadExactly(data);
            return ParseUncompressed(data, data.Length, options);
        }

        var hint = TrailerSize(file);
        file.Position = 0;
        var buffer = Decompress(file, hint, out var length);
        return ParseDecompressed(buffer, length, hint, options);
    }

    private static Stream Reopen(string path, bool gzip)
    {
        var file = OpenRead(path);
        return gzip ? Gunzip(new GZipStream(file, CompressionMode.Decompress), file.Length) : file;
    }

    // A thread that gunzips ahead pays for itself past a megabyte; below, starting it costs more than it saves.
    private static Stream Gunzip(GZipStream gzip, long compressedLength) =>
        compressedLength >= ReadAheadStream.BlockSize ? new ReadAheadStream(gzip) : gzip;

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);

    /// <summary>The gzip trailer's uncompressed size (modulo 2^32), 0 when the file is too short to have one.</summary>
    private static uint TrailerSize(FileStream file)
    {
        if (file.Length < 18)
        {
            return 0;
        }

        Span<byte> trailer = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }

    private static string TooLarge(long length, long compressedLength) =>
        $"decompresses to more than {length >> 20} MiB from {compressedLength >> 10} KiB; refusing it as a likely zip bomb";

    public static Profile Parse(ReadOnlyMemory<byte> data, ReadOptions? options = null)
    {
        options ??= ReadOptions.Default;
        if (data.IsEmpty)
        {
            throw new ProfileFormatException("empty input file");
        }

        if (IsGzip(data.Span))
        {
            // The gzip trailer holds the uncompressed size modulo 2^32: a good first guess for the buffer.
            var hint = data.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(data.Span[^4..]) : 0u;
            using var source = MemoryMarshal.TryGetArray(data, out var array)
                ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
                : new MemoryStream(data.ToArray(), writable: false);
            var buffer = Decompress(source, hint, out var length);
            return ParseDecompressed(buffer, length, hint, options);
        }

        // The decoded profile keeps reading its samples from this buffer, so it must own it.
        var owned = MemoryMarshal.TryGetArray(data, out var segment) && segment.Offset == 0 ? segment.Array! : data.ToArray();
        return ParseUncompressed(owned, data.Length, options);
    }

    public static bool IsGzip(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == 0x1f && data[1] == 0x8b;

    /// <summary>
    /// GZipStream ends quietly when the data is cut short, so the size in the gzip trailer (modulo 2^32) is
    /// checked too; several gzip members joined also disagree with it, but then the profile says so itself.
    /// </summary>
    private static Profile ParseDecompressed(byte[] buffer, int length, uint trailerSize, ReadOptions options)
    {
        const string Truncated = "truncated or corrupt gzip data: the decompressed size does not match the gzip trailer";
        Profile profile;
        try
        {
            profile = ParseUncompressed(buffer, length, options);
        }
        catch (ProfileFormatException error) when (trailerSize != (uint)length && !error.Message.Contains("concatenated", StringComparison.Ordinal))
        {
            throw new ProfileFormatException(Truncated);
        }

        return trailerSize == (uint)length ? profile : throw new ProfileFormatException(Truncated);
    }

    private static Profile ParseUncompressed(byte[] buffer, int length, ReadOptions options)
    {
        var data = buffer.AsSpan(0, length);
        if (data.IsEmpty)
        {
            throw new ProfileFormatException("empty profile after decompression");
        }

        if (LegacyProfileParser.Recognizes(data))
        {
            return LegacyProfileParser.Parse(data, options.UseSymbolComments);
        }

        try
        {
            return ProfileDecoder.Decode(buffer, length);
        }
        catch (ProfileFormatException error)
        {
            throw new ProfileFormatException(IsText(data)
                ? "unrecognized profile format: a text file that is none of the legacy text profiles pprof reads (heap, goroutine, threadz, contention, Java)"
                : $"not a valid profile.proto file: {error.Message}");
        }
    }

    private static bool IsText(ReadOnlySpan<byte> data)
    {
        foreach (var b in data[..Math.Min(data.Length, 512)])
        {
            if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t')
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] Decompress(Stream compressed, uint hint, out int length)
    {
        // The hint is only a guess (and a hostile file can lie): start with at most 256 MiB and grow from there.
        var capacity = (int)Math.Clamp(hint + 1L, 4096, 256L << 20);
        var buffer = GC.AllocateUninitializedArray<byte>(capacity);
        var compressedLength = compressed.CanSeek ? compressed.Length : long.MaxValue;
        length = 0;
        try
        {
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
            int read;
            while ((read = gzip.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
                if (length > MaxDecompressedBytes || (length > BombCheckBytes && length / MaxExpansion > compressedLength))
                {
                    throw new ProfileFormatException(TooLarge(Math.Min(length, MaxDecompressedBytes), compressedLength));
                }

                if (length == buffer.Length)
                {
                    var larger = GC.AllocateUninitializedArray<byte>((int)Math.Min(buffer.Length * 2L, Array.MaxLength));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    buffer = larger;
                }
            }

            return buffer;
        }
        catch (InvalidDataException error)
        {
            throw new ProfileFormatException($"corrupt gzip data: {error.Message}");
        }
    }
}
