using CsCheck;
using Google.Protobuf;
using Pprof.Profiles;
using Pprof.Push;
using Pprof.Push.Otlp;
using Pprof.Sources;
using Pprof.Tests.Collector;
using Pprof.Tests.Support;

using static Pprof.Tests.Push.PushedFiles;

namespace Pprof.Tests.Push;

/// <summary>
/// <c>dotnet-pprof push --protocol otlp</c>: the OpenTelemetry profiles signal, decoded with the message
/// definitions and read back into our pprof model.
/// </summary>
public sealed class OtlpProtocolTests
{
    [Fact]
    public async Task A_file_push_is_one_export_request_with_a_resource_a_file_and_a_profile_a_sample_type()
    {
        await using var server = await FakePyroscope.StartAsync();

        var run = CollectorCli.Run("push", "--protocol", "otlp", "--to", server.Url, "--service", "checkout",
            "--label", "team=pay", "--tenant", "acme", Heap, Goroutines, Cpu);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal($"Pushed 3 profiles of checkout to {server.Url}/v1development/profiles\n", run.Stdout);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/v1development/profiles", "HTTP/1.1"), (request.Method, request.Path, request.Protocol));
        Assert.Equal(("application/x-protobuf", "acme"), (request.ContentType, request.Header("X-Scope-OrgID")));

        var pushed = DecodedOtlp.Read(request.Body);
        Assert.Equal(3, pushed.Count);
        var session = pushed[0].Resource["__session_id__"];
        Assert.Matches("^[0-9a-f]{16}$", session);
        foreach (var (decoded, file) in pushed.Zip([Heap, Goroutines, Cpu]))
        {
            Assert.Equal(
                new Dictionary<string, string> { ["service.name"] = "checkout", ["__session_id__"] = session, ["team"] = "pay" },
                decoded.Resource);
            Assert.Equal(("dotnet-pprof", "0.1.0"), (decoded.Scope.Name, decoded.Scope.Version));
            var original = ProfileSource.Load(file);
            Assert.Equal(CanonicalProfile.Encoded(original), CanonicalProfile.Encoded(decoded.Profile));
        }

        Assert.Equal([4, 1, 2], pushed.Select(p => p.Profile.SampleTypes.Count));
    }

    [Fact]
    public async Task A_partial_success_that_rejects_profiles_fails_the_push_once_with_the_receivers_message()
    {
        await using var server = await FakePyroscope.StartAsync();
        server.SuccessBody = new Pprof.Push.Otlp.Wire.ExportProfilesServiceResponse
        {
            PartialSuccess = new() { RejectedProfiles = 2, ErrorMessage = "sample type not supported" },
        }.ToByteArray();

        var run = CollectorCli.Run("push", "--protocol", "otlp", "--to", server.Url, "--service", "checkout", Cpu);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            [$"dotnet-pprof push: {server.Url}/v1development/profiles: 2 profiles rejected: sample type not supported"],
            run.StderrLines);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_partial_success_that_rejects_nothing_is_a_success()
    {
        await using var server = await FakePyroscope.StartAsync();
        server.SuccessBody = new Pprof.Push.Otlp.Wire.ExportProfilesServiceResponse
        {
            PartialSuccess = new() { ErrorMessage = "a warning only" },
        }.ToByteArray();

        var run = CollectorCli.Run("push", "--protocol", "otlp", "--to", server.Url, "--service", "checkout", Cpu);

        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    [Fact]
    public void Every_pprof_field_otlp_has_no_field_for_travels_as_a_pprof_attribute_and_reads_back()
    {
        var profile = EveryField();

        var payload = Assert.Single(new OtlpProtocol().Encode([Series(profile)]));

        var decoded = Assert.Single(DecodedOtlp.Read(payload.Body));
        Assert.Equal(CanonicalProfile.Encoded(profile), CanonicalProfile.Encoded(decoded.Profile));
        Assert.Equal(
            ["pprof.scope.default_sample_type", "pprof.scope.sample_type_order"],
            decoded.Scope.Attributes.Select(a => a.Key));
    }

    [Fact]
    public void Random_profiles_read_back_from_otlp_as_they_were_pushed()
    {
        Profiles.CodecPropertyTests.ProfileGen
            .Where(generated => generated.Read.TimeNanos >= 0 && generated.Read.DurationNanos >= 0 && OneUnitAKey(generated.Read))
            .Sample(
                generated =>
                {
                    var payload = Assert.Single(new OtlpProtocol().Encode([Series(generated.Written)]));
                    var decoded = Assert.Single(DecodedOtlp.Read(payload.Body));
                    Assert.Equal(CanonicalProfile.Encoded(generated.Read), CanonicalProfile.Encoded(decoded.Profile));
                },
                iter: 300,
                print: generated => ProfileDescription.Describe(generated.Written));
    }

    [Fact]
    public void Profiles_of_one_request_share_one_dictionary_and_its_strings()
    {
        var heap = Series(ProfileSource.Load(Heap));

        var one = Pprof.Push.Otlp.Wire.ExportProfilesServiceRequest.Parser.ParseFrom(Assert.Single(new OtlpProtocol().Encode([heap])).Body);
        var two = Pprof.Push.Otlp.Wire.ExportProfilesServiceRequest.Parser.ParseFrom(Assert.Single(new OtlpProtocol().Encode([heap, heap])).Body);

        Assert.Equal(one.Dictionary.StringTable, two.Dictionary.StringTable);
        Assert.Equal((one.Dictionary.LocationTable.Count * 2) - 1, two.Dictionary.LocationTable.Count);
        Assert.Equal(2, two.ResourceProfiles.Count);
    }

    /// <summary>
    /// False when a sample gives one key numbers in different units: OTLP has one attribute a key and one unit an
    /// attribute, so those cannot travel (pprof writers do not write them either).
    /// </summary>
    private static bool OneUnitAKey(Profile profile)
    {
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            if (cursor.Labels.ToArray().Where(l => l.IsNumeric).GroupBy(l => l.Key).Any(g => g.Select(l => l.NumUnit).Distinct().Count() > 1))
            {
                return false;
            }
        }

        return true;
    }

    private static PushSeries Series(Profile profile) =>
        new([new("__name__", "memory"), new("service_name", "s")], [PushSample.Of(profile)]);

    /// <summary>A small profile that sets every field of profile.proto, and the label shapes OTLP spells differently.</summary>
    private static Profile EveryField()
    {
        var mapping = new Mapping
        {
            Id = 1, Start = 0x1000, Limit = 0x9000, Offset = 0x100, File = "/app/app.dll", BuildId = "abc123",
            HasFunctions = true, HasFilenames = true, HasLineNumbers = true, HasInlineFrames = true,
        };
        var bare = new Mapping { Id = 2, Start = 0x10000, Limit = 0x20000, File = "[jit]" };
        var main = new Function { Id = 1, Name = "Main", SystemName = "App.Main", Filename = "Program.cs", StartLine = 3 };
        var inlined = new Function { Id = 2, Name = "Helper", Filename = "Helper.cs" };
        Location[] locations =
        [
            new() { Id = 1, Mapping = mapping, Address = 0x1234, Lines = [new Line(inlined, 7, 5), new Line(main, 12)], IsFolded = true },
            new() { Id = 2, Mapping = bare, Address = 0x10010, Lines = [new Line(main, 20)] },
            new() { Id = 3, Address = 0x5 },
        ];
        var profile = new Profile([new SampleType("alloc_objects", "count"), new SampleType("alloc_space", "bytes")])
        {
            Mappings = [mapping, bare],
            Functions = [main, inlined],
            Locations = [.. locations],
            TimeNanos = 1_700_000_000_123_456_789,
            DurationNanos = 15_000_000_000,
            PeriodType = new SampleType("space", "bytes"),
            Period = 524288,
            Comments = ["first comment", "second"],
            DropFrames = "runtime\\..*",
            KeepFrames = "runtime\\.keep",
            DefaultSampleType = "alloc_space",
            DocUrl = "https://example.com/doc",
        };
        profile.Samples.Add([0, 1, 2], [3, 300], [Label.String("thread", "main"), Label.Number("bytes", 64, "bytes")]);
        profile.Samples.Add([1, 2], [0, 0], [Label.String("request", "a"), Label.String("request", "b")]);
        profile.Samples.Add([2], [-1, -100], []);
        profile.Samples.Add([0, 1, 2], [5, 500], [Label.Number("n", -7)]);
        return profile;
    }
}
