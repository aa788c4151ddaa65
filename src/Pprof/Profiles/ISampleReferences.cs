namespace Pprof.Profiles;

/// <summary>What a sample's check does with the location ids and string indices it meets.</summary>
internal interface ISampleReferences
{
    void Location(ulong id);

    void String(long index);
}
