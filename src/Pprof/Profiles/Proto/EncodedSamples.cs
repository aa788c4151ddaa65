using System.Runtime.CompilerServices;

namespace Pprof.Profiles.Proto;

/// <summary>
/// The samples of a decoded profile left in their protobuf encoding: reports read them straight from the
/// decompressed bytes, which is faster than copying a million samples into other structures first. Samples too
/// many to hold are not kept at all: each pass reads them again from the file (<paramref name="reopen"/>).
/// </summary>
internal sealed class EncodedSamples(byte[] data, int length, Func<Stream>? reopen, IdIndex locations, string[] strings, int valueCount)
{
    public int ValueCount => valueCount;

    /// <summary>The samples, unless <see cref="IsStreamed"/>.</summary>
    public ReadOnlySpan<byte> Data => data.AsSpan(0, length);

    /// <summary>Whether every pass reads the samples from the file again rather than from memory.</summary>
    public bool IsStreamed => reopen is not null;

    /// <summary>The same tables with other samples: <paramref name="samples"/> holds sample fields alone, as <see cref="Data"/> does them.</summary>
    public EncodedSamples With(byte[] samples, int samplesLength) => new(samples, samplesLength, null, locations, strings, valueCount);

    /// <summary>Reads the whole profile again, for a pass over streamed samples.</summary>
    public ProtoStreamReader Open() => new(reopen!());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int LocationIndex(ulong id) => locations.TryGet(id, out var index) ? index : UndefinedLocation(id);

    private static int UndefinedLocation(ulong id) =>
        throw new ProfileFormatException($"sample refers to location id {id}, which the profile does not define");

    public string String(long index) =>
        (ulong)index < (ulong)strings.Length
            ? strings[index]
            : throw new ProfileFormatException($"string index {index} is outside the string table of {strings.Length} entries");

    public bool HasString(string value) => Array.IndexOf(strings, value) >= 0;
}
