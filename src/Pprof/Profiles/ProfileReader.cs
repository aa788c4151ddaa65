using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using Pprof.Legacy;
using Pprof.Profiles.Proto;

namespace Pprof.Profiles;

/// <summary>
/// Reads a profile in any format pprof reads: profile.proto (gzip-compressed or not) or one of Go's text formats.
/// </summary>
public static class ProfileReader
{
    /// <summary>Decompressed input larger than this is refused: no real profile comes near it, a zip bomb does.</summary>
    public const long MaxDecompressedBytes = 1L << 30;

    public static Profile ReadFile(string path, ReadOptions? options = null) => Parse(File.ReadAllBytes(path), options);

    public static Profile Parse(ReadOnlyMemory<byte> data, ReadOptions? options = null)
    {
        options ??= ReadOptions.Default;
        if (data.IsEmpty)
        {
            throw new ProfileFormatException("empty input file");
        }

        if (IsGzip(data.Span))
        {
            var buffer = Decompress(data, out var length);
            return ParseUncompressed(buffer, length, options);
        }

        // The decoded profile keeps reading its samples from this buffer, so it must own it.
        var owned = MemoryMarshal.TryGetArray(data, out var segment) && segment.Offset == 0 ? segment.Array! : data.ToArray();
        return ParseUncompressed(owned, data.Length, options);
    }

    public static bool IsGzip(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == 0x1f && data[1] == 0x8b;

    private static Profile ParseUncompressed(byte[] buffer, int length, ReadOptions options)
    {
        var data = buffer.AsSpan(0, length);
        if (data.IsEmpty)
        {
            throw new ProfileFormatException("empty profile after decompression");
        }

        if (LegacyProfileParser.LooksLikeText(data))
        {
            return LegacyProfileParser.Parse(data, options.UseSymbolComments);
        }

        try
        {
            return ProfileDecoder.Decode(buffer, length);
        }
        catch (ProfileFormatException error)
        {
            throw new ProfileFormatException($"not a valid profile: {error.Message}");
        }
    }

    private static byte[] Decompress(ReadOnlyMemory<byte> compressed, out int length)
    {
        // The gzip trailer holds the uncompressed size modulo 2^32: a good first guess for the buffer.
        var hint = compressed.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(compressed.Span[^4..]) : 0u;
        var capacity = (int)Math.Clamp(hint + 1L, 4096, MaxDecompressedBytes + 1);
        var buffer = GC.AllocateUninitializedArray<byte>(capacity);
        length = 0;
        try
        {
            using var source = MemoryMarshal.TryGetArray(compressed, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(compressed.ToArray(), writable: false);
            using var gzip = new GZipStream(source, CompressionMode.Decompress);
            int read;
            while ((read = gzip.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
                if (length > MaxDecompressedBytes)
                {
                    throw new ProfileFormatException(
                        $"decompresses to more than {MaxDecompressedBytes >> 20} MiB; refusing it as a likely zip bomb");
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
