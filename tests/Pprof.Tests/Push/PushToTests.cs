using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pprof.Collector;
using Pprof.Sources;

namespace Pprof.Tests.Push;

/// <summary><c>AddPprof(o =&gt; o.PushTo(...))</c> in an app of the test process, pushing to a local server playing Pyroscope.</summary>
public sealed class PushToTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task The_app_pushes_its_profiles_window_after_window_and_the_endpoints_keep_answering()
    {
        await using var server = await FakePyroscope.StartAsync();
        await using var app = await StartAsync(options => options.PushTo(server.Url, push =>
        {
            push.ServiceName = "checkout";
            push.Interval = TimeSpan.FromSeconds(2);
            push.Profiles.Clear();
            push.Profiles.Add(ProfileKind.Threads);
            push.Profiles.Add(ProfileKind.Cpu);
            push.Labels["team"] = "pay";
        }));

        Assert.True(server.WaitForRequest(Generous), "no push arrived");
        // The next window's CPU profile is being collected now: the endpoints are not refused for it.
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        using var threads = await client.GetAsync("/debug/pprof/goroutine?debug=1");
        Assert.Equal(HttpStatusCode.OK, threads.StatusCode);
        Assert.True(server.WaitForRequest(Generous), "no second push arrived");

        var push = DecodedPush.Read(server.Requests.First().Body);
        Assert.Equal(["goroutine", "process_cpu"], push.Series.Select(s => s.Label("__name__")).Order());
        Assert.All(push.Series, s => Assert.Equal(("checkout", "pay", "false"), (s.Label("service_name"), s.Label("team"), s.Label("__delta__"))));
        var profiles = push.Series.ToDictionary(s => s.Label("__name__")!, s => Profile(s));
        Assert.True(profiles["goroutine"].Samples.Count > 0);
        Assert.Equal(["samples/count", "cpu/nanoseconds"], profiles["process_cpu"].SampleTypes.Select(t => t.ToString()));
    }

    [Fact]
    public async Task Allocations_sampled_from_the_start_go_as_adjacent_windows_the_first_one_included()
    {
        await using var server = await FakePyroscope.StartAsync();
        await using var app = await StartAsync(options =>
        {
            options.SampleAllocationsFromStart = true;
            options.AllocationWindow = TimeSpan.FromSeconds(1);
            options.PushTo(server.Url, push =>
            {
                push.Interval = TimeSpan.FromSeconds(1);
                push.Profiles.Clear();
                push.Profiles.Add(ProfileKind.Allocs);
            });
        });

        var garbage = new List<byte[]>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Windows(server).Count < 2)
        {
            Assert.True(waited.Elapsed < Generous, "fewer than two pushes arrived");
            garbage.Add(new byte[16 * 1024]);
            if (garbage.Count > 1000)
            {
                garbage.Clear();
            }

            server.WaitForRequest(TimeSpan.FromMilliseconds(1));
        }

        // Windows queued while a push was in flight go together in the next request: in order either way.
        var (first, second) = (Profile(Windows(server)[0]), Profile(Windows(server)[1]));
        Assert.True(first.Samples.Count > 0, "the first window, everything since the start, was not sent");
        Assert.True(first.DurationNanos > 0);
        Assert.Equal(first.TimeNanos + first.DurationNanos, second.TimeNanos);
        Assert.False(HasNegativeValue(first) || HasNegativeValue(second), "a window holds a negative value");
    }

    [Theory]
    [InlineData("http://pyroscope:4040", "1team", "PprofOptions.PushTo(http://pyroscope:4040): label name '1team': use letters, digits, _ and . only, not starting with a digit (Pyroscope's rule)")]
    [InlineData("pyroscope:4040", "team", "PprofOptions.PushTo(pyroscope:4040): server pyroscope:4040: give Pyroscope's base URL, such as http://pyroscope:4040")]
    public async Task A_setting_that_cannot_work_stops_the_start_with_one_message_naming_it(string url, string label, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StartAsync(options => options.PushTo(url, push => push.Labels[label] = "pay")));

        Assert.Equal(message, error.Message);
    }

    private static async Task<WebApplication> StartAsync(Action<Pprof.AspNetCore.PprofOptions> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddPprof(configure);
        var app = builder.Build();
        app.MapPprof();
        await app.StartAsync();
        return app;
    }

    private static bool HasNegativeValue(Pprof.Profiles.Profile profile)
    {
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            if (cursor.Values.ContainsAnyInRange(long.MinValue, -1))
            {
                return true;
            }
        }

        return false;
    }

    private static List<DecodedSeries> Windows(FakePyroscope server) =>
        [.. server.Requests.SelectMany(request => DecodedPush.Read(request.Body).Series).Where(series => series.Label("__name__") == "memory")];

    private static Pprof.Profiles.Profile Profile(DecodedSeries series)
    {
        using var gunzip = new GZipStream(new MemoryStream(Assert.Single(series.Samples).RawProfile), CompressionMode.Decompress);
        return ProfileSource.Load(gunzip);
    }
}
