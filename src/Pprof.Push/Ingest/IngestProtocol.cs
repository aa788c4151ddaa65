using System.Globalization;
using System.Text;
using Pprof.Profiles;

namespace Pprof.Push.Ingest;

/// <summary>
/// Pyroscope's legacy HTTP API: one <c>POST /ingest</c> a profile, its metadata in the query
/// (<c>name=service{label=value,...}</c>, <c>from</c> and <c>until</c> in Unix seconds, <c>spyName</c>,
/// <c>sampleRate</c>, <c>units</c>, <c>aggregationType</c>) and the gzipped profile.proto in a multipart form, with
/// the <c>sample_type_config</c> that tells Pyroscope how to name and merge each sample type. No <c>format</c>
/// parameter: Pyroscope reads a multipart body as pprof only without one. Pyroscope names the series itself from
/// the sample types; <c>__delta__</c> it sets to false.
/// </summary>
internal sealed class IngestProtocol(TimeProvider time) : IPushProtocol
{
    /// <summary>What Grafana's .NET agent calls itself; Pyroscope files it as the <c>pyroscope_spy</c> label.</summary>
    public const string SpyName = "dotnetspy";

    /// <summary>Pyroscope's default when a profile has no CPU sampling period.</summary>
    public const int DefaultSampleRate = 100;

    private const long NanosPerSecond = 1_000_000_000;

    public string? Refusal(ReadOnlySpan<byte> answer) => null;

    public string Path => "ingest";

    /// <summary>
    /// The <c>name</c> parameter has no escapes: Pyroscope splits it at <c>{ , = }</c> and trims spaces, and takes
    /// a service name of letters, digits and <c>_ . - /</c> only.
    /// </summary>
    public void Validate(string service, IReadOnlyList<PushLabel> labels)
    {
        if (!service.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/'))
        {
            throw new PushConfigurationException(
                $"service '{service}': /ingest takes letters, digits, _ . - and / only (use the default protocol for others)");
        }

        foreach (var (name, value) in labels)
        {
            if (value.AsSpan().IndexOfAny("{},=") >= 0 || value.Trim().Length != value.Length)
            {
                throw new PushConfigurationException(
                    $"label {name}: /ingest cannot carry a value with {{ }} , = or spaces at its ends (use the default protocol)");
            }
        }
    }

    public IReadOnlyList<PushPayload> Encode(IReadOnlyList<PushSeries> batch) =>
        [.. batch.SelectMany(series => series.Samples.Select(sample => Encode(series, sample)))];

    private PushPayload Encode(PushSeries series, PushSample sample)
    {
        var profile = sample.Read();
        var from = profile.TimeNanos > 0 ? profile.TimeNanos : time.GetUtcNow().ToUnixTimeSeconds() * NanosPerSecond;
        var until = from + Math.Max(profile.DurationNanos, 0);
        var primary = IngestSampleType.Of(Primary(profile));
        var query = new StringBuilder("?name=").Append(Uri.EscapeDataString(AppName(series)));
        Parameter(query, "from", Seconds(from));
        Parameter(query, "until", Seconds(until + NanosPerSecond - 1));
        Parameter(query, "spyName", SpyName);
        Parameter(query, "sampleRate", SampleRate(profile).ToString(CultureInfo.InvariantCulture));
        Parameter(query, "units", primary.Units);
        Parameter(query, "aggregationType", primary.Aggregation);

        var (contentType, body) = MultipartForm.Write(
            new FormFile("profile", "profile.pprof", "application/octet-stream", sample.RawProfile.ToArray()),
            new FormFile("sample_type_config", "sample_type_config.json", "application/json", IngestSampleType.Config(profile.SampleTypes)));
        return new PushPayload(Path + query, contentType, body, [series.Name]);
    }

    /// <summary><c>service{label=value,...}</c>: every label but those Pyroscope sets itself from the request.</summary>
    private static string AppName(PushSeries series)
    {
        var name = new StringBuilder(series.Label(SeriesLabels.ServiceName)).Append('{');
        var first = true;
        foreach (var (label, value) in series.Labels)
        {
            if (label is SeriesLabels.ProfileName or SeriesLabels.ServiceName or SeriesLabels.Delta)
            {
                continue;
            }

            name.Append(first ? "" : ",").Append(label).Append('=').Append(value);
            first = false;
        }

        return name.Append('}').ToString();
    }

    private static SampleType? Primary(Profile profile) =>
        profile.SampleTypes.FirstOrDefault(t => t.Type == profile.DefaultSampleType) ?? profile.SampleTypes.LastOrDefault();

    /// <summary>Samples a second, for a CPU profile sampled every <c>period</c> nanoseconds.</summary>
    private static long SampleRate(Profile profile) =>
        profile.PeriodType is { Unit: "nanoseconds" } && profile.Period > 0
            ? Math.Max(1, (long)Math.Round((double)NanosPerSecond / profile.Period))
            : DefaultSampleRate;

    private static string Seconds(long nanos) => (nanos / NanosPerSecond).ToString(CultureInfo.InvariantCulture);

    private static void Parameter(StringBuilder query, string name, string value) =>
        query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
}
