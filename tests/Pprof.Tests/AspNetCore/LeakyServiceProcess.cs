using System.Diagnostics;
using System.Text.RegularExpressions;
using Pprof.Tests.Collector;

namespace Pprof.Tests.AspNetCore;

/// <summary>
/// The sample LeakyService, started as a real process on a free loopback port (<c>--urls http://127.0.0.1:0</c>) and
/// killed when disposed; arguments configure it, for example <c>--Pprof:SampleAllocationsFromStart=true</c>, and so
/// can environment variables.
/// </summary>
public sealed partial class LeakyServiceProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;

    public LeakyServiceProcess(string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(CollectorCli.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LeakyService.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("LeakyService did not start");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text && ListeningOn().Match(text) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!listening.Task.Wait(StartTimeout))
        {
            Dispose();
            throw new InvalidOperationException($"LeakyService did not say where it listens within {StartTimeout}");
        }

        BaseAddress = listening.Task.Result;
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>Where the service listens, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string Url(string pathAndQuery) => new Uri(BaseAddress, pathAndQuery).ToString();

    public void Dispose()
    {
        Client?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    /// <summary>Requests <paramref name="count"/> times, failing on any answer but 200.</summary>
    public async Task DriveAsync(HttpMethod method, Func<int, string> pathAndQuery, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(method, pathAndQuery(i));
            using var response = await Client.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{method} {pathAndQuery(i)}: {(int)response.StatusCode}");
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
