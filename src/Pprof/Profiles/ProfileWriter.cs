using System.IO.Compression;
using Pprof.Profiles.Proto;

namespace Pprof.Profiles;

/// <summary>Writes profiles as profile.proto, gzip-compressed as pprof expects on disk.</summary>
public static class ProfileWriter
{
    public static void Write(Profile profile, Stream destination, bool compress = true)
    {
        using var writer = new ProtoWriter(64 * 1024);
        ProfileEncoder.Encode(profile, writer);
        if (!compress)
        {
            destination.Write(writer.WrittenSpan);
            return;
        }

        using var gzip = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);
        gzip.Write(writer.WrittenSpan);
    }

    public static void WriteFile(Profile profile, string path)
    {
        using var file = File.Create(path);
        Write(profile, file);
    }

    public static byte[] ToBytes(Profile profile, bool compress = true)
    {
        using var memory = new MemoryStream();
        Write(profile, memory, compress);
        return memory.ToArray();
    }
}
