using Pprof.Profiles.Proto;

namespace Pprof.Profiles;

/// <summary>Looks every reference up, so that the first one the profile does not define throws.</summary>
internal readonly struct CheckedReferences(EncodedSamples samples) : ISampleReferences
{
    public void Location(ulong id) => samples.LocationIndex(id);

    public void String(long index) => samples.String(index);
}
