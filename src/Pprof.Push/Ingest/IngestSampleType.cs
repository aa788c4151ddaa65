using System.Text.Json;
using Pprof.Profiles;

namespace Pprof.Push.Ingest;

/// <summary>
/// How Pyroscope's <c>/ingest</c> reads a sample type (its <c>sample_type_config</c>): the units it shows it in
/// (<c>samples</c>, <c>objects</c>, <c>bytes</c>, <c>goroutines</c>), whether profiles merge by <c>sum</c> or
/// <c>average</c> (a snapshot: live heap, threads), and the name to file it under where Pyroscope would not know
/// it (<c>samples</c> is CPU, our <c>threads</c> are goroutines to it). Cumulative is never set: every profile
/// pushed covers its own window.
/// </summary>
internal sealed record IngestSampleType(string Units, string Aggregation, string? DisplayName)
{
    public const string Sum = "sum";
    public const string Average = "average";

    public static IngestSampleType Of(SampleType? type)
    {
        if (type is null)
        {
            return new("samples", Sum, null);
        }

        var snapshot = type.Type.StartsWith("inuse_", StringComparison.Ordinal)
            || type.Type.StartsWith("retained_", StringComparison.Ordinal);
        return type.Type switch
        {
            "samples" => new("samples", Sum, "cpu"),
            "threads" => new("goroutines", Average, "goroutines"),
            "goroutine" or "goroutines" => new("goroutines", Average, null),
            _ when type.Unit == "bytes" => new("bytes", snapshot ? Average : Sum, null),
            _ when type.Type.EndsWith("objects", StringComparison.Ordinal) => new("objects", snapshot ? Average : Sum, null),
            _ => new("samples", snapshot ? Average : Sum, null),
        };
    }

    /// <summary>The <c>sample_type_config</c> form field: an entry for every sample type of the profile.</summary>
    public static byte[] Config(IEnumerable<SampleType> types)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var type in types.DistinctBy(t => t.Type))
            {
                var config = Of(type);
                json.WriteStartObject(type.Type);
                json.WriteString("units", config.Units);
                json.WriteString("aggregation", config.Aggregation);
                if (config.DisplayName is { } display)
                {
                    json.WriteString("display-name", display);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
