using System.Text.Json;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>The JSON answers of <c>/ui/api/</c>: each an object that starts with what the values are and the legend.</summary>
internal static class ViewJson
{
    public static byte[] Write(TopTable top, Action<Utf8JsonWriter> content) => Write(top.Summary, content);

    public static byte[] Write(ReportSummary summary, Action<Utf8JsonWriter> content)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteObject(json, summary, content);
        }

        return buffer.ToArray();
    }

    /// <summary>The same answer as an object inside another's, written in place: copying it in (<c>WriteRawValue</c>) costs more than writing it.</summary>
    public static void WriteObject(Utf8JsonWriter json, TopTable top, Action<Utf8JsonWriter> content) => WriteObject(json, top.Summary, content);

    /// <summary>The same answer as an object inside another's, written in place: copying it in (<c>WriteRawValue</c>) costs more than writing it.</summary>
    public static void WriteObject(Utf8JsonWriter json, ReportSummary summary, Action<Utf8JsonWriter> content)
    {
        json.WriteStartObject();
        json.WriteString("sampleType", summary.SampleType);
        json.WriteString("unit", summary.SampleUnit);
        WriteStrings(json, "legend", summary.Legend);
        content(json);
        json.WriteEndObject();
    }

    public static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
