using Microsoft.Extensions.Time.Testing;
using Pprof.Push;

namespace Pprof.Tests.Push;

/// <summary>The client's retries and time limits, on a fake clock against a local server playing Pyroscope.</summary>
public sealed class PyroscopeClientTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private static readonly PushSeries[] OneProfile = [new([new("__name__", "memory"), new("service_name", "s")], [new PushSample(new byte[] { 1 }, "id")])];

    [Fact]
    public async Task Retry_after_is_honoured_never_earlier_than_it_says()
    {
        await using var server = await FakePyroscope.StartAsync("1", 503);
        var clock = new FakeTimeProvider();
        using var client = new PyroscopeClient(new PushOptions { Server = new Uri(server.Url), TimeProvider = clock });

        var push = client.PushAsync(OneProfile);
        Assert.True(server.WaitForRequest(Generous));
        var waited = TimeSpan.Zero;
        while (!server.WaitForRequest(TimeSpan.FromMilliseconds(20)))
        {
            Assert.True(waited < Generous, "the second try never came");
            clock.Advance(Step);
            waited += Step;
        }

        Assert.Equal(2, await push.WaitAsync(Generous));
        Assert.True(waited >= TimeSpan.FromSeconds(1), $"tried again after {waited} of the 1s Retry-After");
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_each_try_and_the_push_fails_naming_the_timeout()
    {
        await using var server = await FakePyroscope.StartAsync(FakePyroscope.NoAnswer, FakePyroscope.NoAnswer);
        var clock = new FakeTimeProvider();
        using var client = new PyroscopeClient(new PushOptions
        {
            Server = new Uri(server.Url), TimeProvider = clock, MaxAttempts = 2, AttemptTimeout = TimeSpan.FromSeconds(5),
        });

        var push = client.PushAsync(OneProfile);
        Assert.True(server.WaitForRequest(Generous));
        var requests = 1;
        while (!push.IsCompleted)
        {
            Assert.True(clock.GetUtcNow() - clock.Start < Generous, "the push never ended");
            clock.Advance(Step);
            if (server.WaitForRequest(TimeSpan.FromMilliseconds(20)))
            {
                requests++;
                Assert.True(requests <= 2, "more tries than MaxAttempts");
            }
        }

        var error = await Assert.ThrowsAsync<PushException>(() => push);
        Assert.Equal($"{server.Url}/push.v1.PusherService/Push: no answer within 5s (gave up after 2 attempts)", error.Message);
        Assert.Equal(2, requests);
    }

    [Fact]
    public async Task The_deadline_ends_the_push_while_it_waits()
    {
        await using var server = await FakePyroscope.StartAsync("600", 503);
        var clock = new FakeTimeProvider();
        using var client = new PyroscopeClient(new PushOptions { Server = new Uri(server.Url), TimeProvider = clock });

        var push = client.PushAsync(OneProfile);
        Assert.True(server.WaitForRequest(Generous));
        while (!push.IsCompleted)
        {
            Assert.True(clock.GetUtcNow() - clock.Start < TimeSpan.FromMinutes(5), "the deadline never ended the push");
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(push, Task.Delay(TimeSpan.FromMilliseconds(20)));
        }

        var error = await Assert.ThrowsAsync<PushException>(() => push);
        Assert.Equal(
            $"{server.Url}/push.v1.PusherService/Push: HTTP 503 Service Unavailable: fake pyroscope says 503 (deadline of 30s passed after 1 attempt)",
            error.Message);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("ftp://pyroscope:4040", "server ftp://pyroscope:4040/: give Pyroscope's base URL, such as http://pyroscope:4040")]
    [InlineData("http://pyroscope:4040/?x=1", "server http://pyroscope:4040/?x=1: give Pyroscope's base URL, such as http://pyroscope:4040")]
    public void A_server_url_that_cannot_work_is_refused_at_construction(string url, string message)
    {
        var error = Assert.Throws<PushConfigurationException>(() => new PyroscopeClient(new PushOptions { Server = new Uri(url) }));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_base_url_with_a_path_keeps_it()
    {
        using var client = new PyroscopeClient(new PushOptions { Server = new Uri("http://gateway/pyroscope") });

        Assert.Equal("http://gateway/pyroscope/push.v1.PusherService/Push", client.PushUri.ToString());
    }
}
