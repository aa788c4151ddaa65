using System.Diagnostics;
using Pprof.Tests.Collector;

namespace Pprof.Tests.Web;

/// <summary>
/// <c>dotnet-pprof -http=127.0.0.1:0 -no_browser ...</c> run as a user runs it, its URL read from the line it prints;
/// disposing it stops the server.
/// </summary>
public sealed class WebUiProcess : IDisposable
{
    private const string Announcement = "Serving web UI on ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly Process _process;
    private readonly System.Text.StringBuilder _stdout = new();

    public WebUiProcess(params string[] args)
        : this(new Dictionary<string, string>(), args)
    {
    }

    /// <param name="environment">Variables set for the server, such as XDG_CONFIG_HOME for where it saves configurations.</param>
    public WebUiProcess(IReadOnlyDictionary<string, string> environment, params string[] args)
        : this(["-http=127.0.0.1:0", "-no_browser", .. args], environment)
    {
    }

    private WebUiProcess(string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(CollectorCli.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["TZ"] = "UTC", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "dotnet-pprof.dll"), .. args])
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-pprof did not start");
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            lock (_stdout)
            {
                _stdout.Append(line.Data).Append('\n');
            }
        };
        _process.BeginOutputReadLine();
        var announced = ReadUrl();
        if (!announced.Wait(StartTimeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet-pprof did not print its URL within {StartTimeout}");
        }

        Url = new Uri(announced.Result);
        Client = new HttpClient { BaseAddress = Url, Timeout = StartTimeout };
    }

    /// <summary>
    /// A command that serves the web UI among other things, run with exactly these arguments (which give
    /// <c>-http=127.0.0.1:0 -no_browser</c> themselves), such as <c>leaks -p PID -http=127.0.0.1:0 -no_browser</c>.
    /// </summary>
    public static WebUiProcess Command(params string[] args) => new(args, new Dictionary<string, string>());

    /// <summary><see cref="Command(string[])"/> with these variables set for it, such as BROWSER for what opens a browser.</summary>
    public static WebUiProcess Command(IReadOnlyDictionary<string, string> environment, params string[] args) => new(args, environment);

    /// <summary>What the command has printed on its standard output so far.</summary>
    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>The URL printed, <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri Url { get; }

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private async Task<string> ReadUrl()
    {
        var lines = new List<string>();
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(Announcement, StringComparison.Ordinal))
            {
                // Whatever it says later must not fill the pipe and stall it.
                _ = _process.StandardError.ReadToEndAsync();
                return line[Announcement.Length..];
            }

            lines.Add(line);
        }

        throw new InvalidOperationException($"dotnet-pprof exited with {_process.ExitCode} without serving: {string.Join('\n', lines)}");
    }
}
