using System.Net;
using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Tests.AspNetCore;

/// <summary>What Go's clients expect of the endpoints of LeakyService, and the safety rules around them.</summary>
[Collection(LeakyServiceCollection.Name)]
public sealed class EndpointContractTests(LeakyServiceFixture fixture) : IDisposable
{
    /// <summary>A collection of its own, short and light.</summary>
    private const string Probe = "debug/pprof/goroutine?debug=1";

    private readonly LeakyServiceProcess _service = fixture.Service;
    private readonly PprofCommands _pprof = new();

    public void Dispose() => _pprof.Dispose();

    [Fact]
    public async Task The_index_lists_each_profile_and_what_is_not_available()
    {
        using var response = await _service.Client.GetAsync("debug/pprof/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        foreach (var link in new[] { "allocs?debug=1", "cmdline", "goroutine?debug=1", "heap?debug=1", "profile", "threads?debug=1" })
        {
            Assert.Contains($"href='/debug/pprof/{link}'", html, StringComparison.Ordinal);
        }

        Assert.Contains("href=\"/debug/pprof/goroutine?debug=2\"", html, StringComparison.Ordinal);

        Assert.Contains("allocations of the next 2 seconds", html, StringComparison.Ordinal);
        Assert.Contains("Not available in .NET", html, StringComparison.Ordinal);
        Assert.Contains("mutex: </div>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_profile_endpoint_reads_with_our_command_line()
    {
        foreach (var (endpoint, sampleType) in new[]
        {
            ("heap", "inuse_space"), ("allocs", "alloc_space"), ("goroutine", "threads"), ("threads", "threads"), ("profile?seconds=1", "cpu"),
        })
        {
            var run = _pprof.DotnetPprof("-top", "-timeout", "60", _service.Url("debug/pprof/" + endpoint));
            Assert.Contains("Type: " + sampleType, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Profiles_download_as_gzipped_protobuf_named_after_the_profile()
    {
        using var response = await _service.Client.GetAsync("debug/pprof/heap");
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=\"heap\"", response.Content.Headers.ContentDisposition?.ToString());
        Assert.True(ProfileReader.IsGzip(body));
        Assert.Equal(["inuse_objects/count", "inuse_space/bytes"], ProfileReader.Parse(body).SampleTypes.Take(2).Select(t => t.ToString()));
    }

    [Fact]
    public async Task The_heap_text_form_parses_back_to_the_same_totals_as_its_header()
    {
        var text = await _service.Client.GetStringAsync("debug/pprof/heap?debug=1&gc=1");

        Assert.Matches(@"^heap profile: [0-9]+: [0-9]+ \[0: 0\] @ heapprofile\n", text);
        var profile = ProfileReader.Parse(System.Text.Encoding.UTF8.GetBytes(text));
        Assert.Equal(["objects/count", "space/bytes"], profile.SampleTypes.Select(t => t.ToString()));
        var header = text[..text.IndexOf('\n')].Split([':', ' '], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(long.Parse(header[2], System.Globalization.CultureInfo.InvariantCulture), ProfileCounts.Total(profile, 0));
        Assert.Equal(long.Parse(header[3], System.Globalization.CultureInfo.InvariantCulture), ProfileCounts.Total(profile, 1));
        Assert.True(ProfileCounts.Through(profile, "LeakyService.Order") > 0);
    }

    [Fact]
    public async Task The_command_line_is_NUL_separated_as_Go_writes_it()
    {
        var arguments = (await _service.Client.GetStringAsync("debug/pprof/cmdline")).Split('\0');

        Assert.EndsWith("LeakyService.dll", arguments[0], StringComparison.Ordinal);
        Assert.Equal(["--urls", "http://127.0.0.1:0"], arguments[1..3]);
    }

    [Theory]
    [InlineData("heap?seconds=abc", "seconds must be a whole number from 1 to 60, got 'abc'")]
    [InlineData("heap?debug=7", "debug must be a whole number from 0 to 2, got '7'")]
    [InlineData("heap?gc=yes", "gc must be a whole number 0 or more, got 'yes'")]
    [InlineData("allocs?seconds=0", "seconds must be a whole number from 1 to 60, got '0'")]
    [InlineData("allocs?seconds=61", "seconds must be a whole number from 1 to 60, got '61'")]
    [InlineData("allocs?seconds=1&seconds=2", "seconds must be a whole number from 1 to 60, got '1,2'")]
    [InlineData("heap?seconds=1&debug=1", "seconds and debug params are incompatible")]
    [InlineData("goroutine?seconds=1", "the goroutine profile is taken at once: it takes no seconds parameter")]
    [InlineData("profile?debug=1", "the CPU profile has no text form: ask without debug, or with debug=0")]
    public async Task Bad_query_values_get_400_with_a_clear_message(string pathAndQuery, string message)
    {
        await AssertErrorAsync(pathAndQuery, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Go_profiles_that_NET_lacks_and_unknown_names_get_404()
    {
        await AssertErrorAsync("debug/pprof/mutex", HttpStatusCode.NotFound, "Unknown profile: mutex is not available in .NET");
        await AssertErrorAsync("debug/pprof/nonsense", HttpStatusCode.NotFound, "Unknown profile: nonsense");
    }

    [Fact]
    public async Task Only_GET_is_served()
    {
        using var response = await _service.Client.PostAsync("debug/pprof/heap", null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task While_a_profile_is_collected_another_is_served_and_the_same_one_is_shared()
    {
        var first = _service.Client.GetAsync("debug/pprof/allocs?seconds=5");
        var second = _service.Client.GetAsync("debug/pprof/allocs?seconds=5");

        using (var probe = await _service.Client.GetAsync(Probe))
        {
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        }

        using var one = await first;
        using var two = await second;
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (one.StatusCode, two.StatusCode));
        var (a, b) = (ProfileSource.Load(await one.Content.ReadAsByteArrayAsync()), ProfileSource.Load(await two.Content.ReadAsByteArrayAsync()));
        Assert.Equal((a.TimeNanos, a.Samples.Count), (b.TimeNanos, b.Samples.Count));
    }

    [Fact]
    public async Task The_service_keeps_answering_its_own_requests_while_a_profile_is_taken()
    {
        var profile = _service.Client.GetAsync("debug/pprof/allocs?seconds=10");

        for (var order = 0; order < 10; order++)
        {
            using var response = await _service.Client.GetAsync($"orders/{order}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.False(profile.IsCompleted, "the profile ended before the service had answered 10 requests");
        using var completed = await profile;
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
    }

    private async Task AssertErrorAsync(string pathAndQuery, HttpStatusCode status, string message)
    {
        var path = pathAndQuery.StartsWith("debug/", StringComparison.Ordinal) ? pathAndQuery : "debug/pprof/" + pathAndQuery;
        using var response = await _service.Client.GetAsync(path);
        await AssertErrorAsync(response, status, message);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.StartsWith(message, body, StringComparison.Ordinal);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["1"], response.Headers.GetValues("X-Go-Pprof"));
    }
}
