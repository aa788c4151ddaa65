namespace Pprof.Push;

/// <summary>Profiles that share their labels (Pyroscope's <c>push.v1.RawProfileSeries</c>).</summary>
public sealed record PushSeries(IReadOnlyList<PushLabel> Labels, IReadOnlyList<PushSample> Samples);
