using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Push;

/// <summary>One profile of a series (Pyroscope's <c>push.v1.RawSample</c>): gzipped profile.proto and a unique id.</summary>
public sealed record PushSample(ReadOnlyMemory<byte> RawProfile, string Id)
{
    /// <summary>The profile, gzipped, with a fresh UUID as Pyroscope's own agents send it.</summary>
    public static PushSample Of(Profile profile) =>
        new(ProfileWriter.ToBytes(profile, compress: true), Guid.NewGuid().ToString());

    /// <summary>The profile read back, for the protocols that carry more than its bytes (its times, its sample types).</summary>
    public Profile Read() => ProfileSource.Load(RawProfile);
}
