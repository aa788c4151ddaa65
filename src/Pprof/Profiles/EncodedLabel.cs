using Pprof.Profiles.Proto;

namespace Pprof.Profiles;

/// <summary>A sample's label as profile.proto encodes it: string indices and a number.</summary>
internal readonly record struct EncodedLabel(long Key, long Str, long Num, long NumUnit)
{
    public static EncodedLabel Read(ReadOnlySpan<byte> data)
    {
        long key = 0, str = 0, num = 0, numUnit = 0;
        var reader = new ProtoReader(data);
        while (reader.ReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1: key = (long)reader.ReadInteger(wireType); break;
                case 2: str = (long)reader.ReadInteger(wireType); break;
                case 3: num = (long)reader.ReadInteger(wireType); break;
                case 4: numUnit = (long)reader.ReadInteger(wireType); break;
                default: reader.Skip(wireType); break;
            }
        }

        return new EncodedLabel(key, str, num, numUnit);
    }

    /// <summary>As pprof does: a label with a string is a string label, one with neither a number nor a unit carries nothing.</summary>
    public bool IsString => Str != 0;

    public bool IsEmpty => Str == 0 && Num == 0 && NumUnit == 0;
}
