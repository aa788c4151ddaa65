namespace Pprof.Profiles.Proto;

/// <summary>
/// The samples of a decoded profile left in their protobuf encoding: reports read them straight from the
/// decompressed bytes, which is faster than copying a million samples into other structures first.
/// </summary>
internal sealed class EncodedSamples(byte[] data, int length, IdIndex locations, string[] strings, int valueCount)
{
    public int ValueCount => valueCount;

    public ReadOnlySpan<byte> Data => data.AsSpan(0, length);

    public int LocationIndex(ulong id) =>
        locations.TryGet(id, out var index)
            ? index
            : throw new ProfileFormatException($"sample refers to location id {id}, which the profile does not define");

    public string String(long index) =>
        (ulong)index < (ulong)strings.Length
            ? strings[index]
            : throw new ProfileFormatException($"string index {index} is outside the string table of {strings.Length} entries");

    public bool HasString(string value) => Array.IndexOf(strings, value) >= 0;
}
