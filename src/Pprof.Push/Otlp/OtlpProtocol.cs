using System.Reflection;
using System.Security.Cryptography;
using Google.Protobuf;
using Pprof.Push.Otlp.Wire;

namespace Pprof.Push.Otlp;

/// <summary>
/// The OpenTelemetry profiles signal (opentelemetry-proto v1.11.0, <c>v1development</c>: a development-stage
/// signal) over OTLP/HTTP: the whole batch in one <c>ExportProfilesServiceRequest</c>, protobuf-encoded, to
/// <c>POST /v1development/profiles</c>. Each series is a <c>ResourceProfiles</c> whose resource carries its labels
/// (<c>service_name</c> as <c>service.name</c>), with a scope a pushed profile holding one OTLP profile a sample type,
/// as OTLP profiles have one sample type each; the scope's <c>pprof.scope.sample_type_order</c> and
/// <c>pprof.scope.default_sample_type</c> say how they made up the pprof profile.
/// </summary>
internal sealed class OtlpProtocol : IPushProtocol
{
    public const string ContentType = "application/x-protobuf";
    public const string ScopeName = "dotnet-pprof";
    public const string ServiceName = "service.name";
    public const string DefaultSampleType = "pprof.scope.default_sample_type";
    public const string SampleTypeOrder = "pprof.scope.sample_type_order";
    public const string Comment = "pprof.profile.comment";
    public const string DropFrames = "pprof.profile.drop_frames";
    public const string KeepFrames = "pprof.profile.keep_frames";
    public const string DocUrl = "pprof.profile.doc_url";

    private static readonly string ScopeVersion = typeof(OtlpProtocol).Assembly.GetName().Version?.ToString(3) ?? "";

    public string Path => "v1development/profiles";

    /// <summary>OTLP's <c>partial_success</c>: how many profiles the receiver rejected, and its message.</summary>
    public string? Refusal(ReadOnlySpan<byte> answer)
    {
        ExportProfilesPartialSuccess? partial;
        try
        {
            partial = ExportProfilesServiceResponse.Parser.ParseFrom(answer).PartialSuccess;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }

        return partial is { RejectedProfiles: > 0 }
            ? $"{partial.RejectedProfiles} profile{(partial.RejectedProfiles == 1 ? "" : "s")} rejected"
                + (partial.ErrorMessage.Length > 0 ? $": {partial.ErrorMessage}" : "")
            : null;
    }

    public void Validate(string service, IReadOnlyList<PushLabel> labels)
    {
        // Any label Pyroscope takes is a valid resource attribute.
    }

    public IReadOnlyList<PushPayload> Encode(IReadOnlyList<PushSeries> batch)
    {
        var dictionary = new OtlpDictionary();
        var request = new ExportProfilesServiceRequest { Dictionary = dictionary.Table };
        foreach (var series in batch)
        {
            var resource = new ResourceProfiles { Resource = Resource(series) };
            resource.ScopeProfiles.Add(series.Samples.Select(sample => Scope(sample.Read(), dictionary)));
            request.ResourceProfiles.Add(resource);
        }

        return [new PushPayload(Path, ContentType, request.ToByteArray(), [.. batch.Select(s => s.Name)])];
    }

    /// <summary>The series' labels but those Pyroscope derives itself (<c>__name__</c>, <c>__delta__</c>).</summary>
    private static Resource Resource(PushSeries series)
    {
        var resource = new Resource();
        foreach (var (name, value) in series.Labels)
        {
            if (name is not (SeriesLabels.ProfileName or SeriesLabels.Delta))
            {
                resource.Attributes.Add(new KeyValue
                {
                    Key = name == SeriesLabels.ServiceName ? ServiceName : name, Value = new AnyValue { StringValue = value },
                });
            }
        }

        return resource;
    }

    private static ScopeProfiles Scope(Profiles.Profile profile, OtlpDictionary dictionary)
    {
        var scope = new InstrumentationScope { Name = ScopeName, Version = ScopeVersion };
        if (profile.DefaultSampleType.Length > 0)
        {
            scope.Attributes.Add(new KeyValue { Key = DefaultSampleType, Value = new AnyValue { StringValue = profile.DefaultSampleType } });
        }

        var order = new ArrayValue();
        order.Values.Add(Enumerable.Range(0, profile.SampleTypes.Count).Select(i => new AnyValue { IntValue = i }));
        scope.Attributes.Add(new KeyValue { Key = SampleTypeOrder, Value = new AnyValue { ArrayValue = order } });
        return new ScopeProfiles { Scope = scope, Profiles = { Profiles(profile, dictionary) } };
    }

    /// <summary>One OTLP profile a sample type, all with the same samples in the same order.</summary>
    private static IEnumerable<Wire.Profile> Profiles(Profiles.Profile profile, OtlpDictionary dictionary)
    {
        var locations = profile.Locations.Select(dictionary.Location).ToArray();
        var samples = new List<(int Stack, int[] Attributes, long[] Values)>(profile.Samples.Count);
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var stack = new int[cursor.Stack.Length];
            for (var i = 0; i < stack.Length; i++)
            {
                stack[i] = locations[cursor.Stack[i]];
            }

            samples.Add((dictionary.Stack(stack), SampleAttributes(cursor.Labels, dictionary), cursor.Values.ToArray()));
        }

        var attributes = ProfileAttributes(profile, dictionary);
        for (var type = 0; type < profile.SampleTypes.Count; type++)
        {
            var written = new Wire.Profile
            {
                SampleType = dictionary.ValueType(profile.SampleTypes[type]),
                TimeUnixNano = (ulong)Math.Max(profile.TimeNanos, 0),
                DurationNano = (ulong)Math.Max(profile.DurationNanos, 0),
                Period = profile.Period,
                ProfileId = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(16)),
                AttributeIndices = { attributes },
            };
            if (profile.PeriodType is { } periodType)
            {
                written.PeriodType = dictionary.ValueType(periodType);
            }

            foreach (var (stack, labels, values) in samples)
            {
                written.Samples.Add(new Sample { StackIndex = stack, AttributeIndices = { labels }, Values = { values[type] } });
            }

            yield return written;
        }
    }

    private static List<int> ProfileAttributes(Profiles.Profile profile, OtlpDictionary dictionary)
    {
        var attributes = new List<int>();
        if (profile.Comments.Count > 0)
        {
            var comments = new ArrayValue();
            comments.Values.Add(profile.Comments.Select(c => new AnyValue { StringValue = c }));
            attributes.Add(dictionary.Attribute(Comment, comments));
        }

        foreach (var (key, value) in (ReadOnlySpan<(string, string)>)
            [(DropFrames, profile.DropFrames), (KeepFrames, profile.KeepFrames), (DocUrl, profile.DocUrl)])
        {
            if (value.Length > 0)
            {
                attributes.Add(dictionary.Attribute(key, value));
            }
        }

        return attributes;
    }

    /// <summary>
    /// A sample's labels as attributes, one a key as OTLP requires: a key given more than once becomes a list, in
    /// the unit of its first number (an attribute has one unit).
    /// </summary>
    private static int[] SampleAttributes(ReadOnlySpan<Profiles.Label> labels, OtlpDictionary dictionary)
    {
        if (labels.IsEmpty)
        {
            return [];
        }

        var attributes = new List<int>(labels.Length);
        foreach (var group in labels.ToArray().GroupBy(l => l.Key))
        {
            var first = group.First();
            if (group.Count() > 1)
            {
                var values = new ArrayValue();
                values.Values.Add(group.Select(l => l.IsNumeric ? new AnyValue { IntValue = l.Num } : new AnyValue { StringValue = l.Str }));
                attributes.Add(dictionary.Attribute(first.Key, values, group.FirstOrDefault(l => l.IsNumeric).NumUnit ?? ""));
            }
            else
            {
                attributes.Add(first.IsNumeric
                    ? dictionary.Attribute(first.Key, first.Num, first.NumUnit ?? "")
                    : dictionary.Attribute(first.Key, first.Str!));
            }
        }

        return [.. attributes];
    }
}
