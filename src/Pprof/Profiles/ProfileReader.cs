using System.Buffers;
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

        if (!IsGzip(data.Span))
        {
            return ParseUncompressed(data.Span, options);
        }

        var buffer = Decompress(data, out var length);
        try
        {
            return ParseUncompressed(buffer.AsSpan(0, length), options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static bool IsGzip(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == 0x1f && data[1] == 0x8b;

    private static Profile ParseUncompressed(ReadOnlySpan<byte> data, ReadOptions options)
    {
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
            return ProfileDecoder.Decode(data);
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
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
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
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, Array.MaxLength));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return buffer;
        }
        catch (InvalidDataException error)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new ProfileFormatException($"corrupt gzip data: {error.Message}");
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
