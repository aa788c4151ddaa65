using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pprof.AspNetCore;

namespace Pprof.Tests.AspNetCore;

/// <summary>A failure inside the host answers 500 without its exception's message, which goes to the host's log.</summary>
public sealed class FailureAnswerTests
{
    [Fact]
    public async Task An_unexpected_exception_is_logged_and_not_echoed()
    {
        var logger = new RecordingLogger();
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        context.Request.Path = "/debug/pprof/heap";
        context.Response.Body = new MemoryStream();
        var failure = new InvalidOperationException("password=hunter2 in /srv/secrets.json");
        var handler = new PprofHandler(new PprofOptions(), logger).Wrap(_ => throw failure);

        await handler(context);

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        var body = System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        Assert.Equal("could not profile: internal error (the service's log has the details)\n", body);
        var (level, logged) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Same(failure, logged);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, exception));
    }
}
