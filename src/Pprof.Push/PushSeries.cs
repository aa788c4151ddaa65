namespace Pprof.Push;

/// <summary>Profiles that share their labels (Pyroscope's <c>push.v1.RawProfileSeries</c>).</summary>
public sealed record PushSeries(IReadOnlyList<PushLabel> Labels, IReadOnlyList<PushSample> Samples)
{
    /// <summary>The kind the series is filed under (<c>process_cpu</c>, <c>memory</c>, ...).</summary>
    public string Name => Label(SeriesLabels.ProfileName) ?? "unknown";

    public string? Label(string name)
    {
        foreach (var label in Labels)
        {
            if (label.Name == name)
            {
                return label.Value;
            }
        }

        return null;
    }
}
