using System.Diagnostics;
using System.Globalization;

namespace Pprof.WebBench;

/// <summary>
/// <c>dotnet-pprof -http=127.0.0.1:0 -no_browser [-diff_base=BASE] PROFILE</c> started as a user starts it (the built
/// <c>dotnet-pprof.dll</c> next to this program, or the executable <c>$DOTNET_PPROF</c> names), timed from the start.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private const string Announcement = "Serving web UI on ";
    private readonly Process _process;
    private readonly Stopwatch _clock;

    private ServerProcess(Process process, Stopwatch clock, Uri url, TimeSpan listening)
    {
        _process = process;
        _clock = clock;
        Url = url;
        Listening = listening;
    }

    public Uri Url { get; }

    /// <summary>From the start of the command to the line that gives the URL.</summary>
    public TimeSpan Listening { get; }

    /// <summary>Since the command started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The server's peak resident memory so far (VmHWM), in bytes.</summary>
    public long PeakMemory => ProcStatusBytes("VmHWM:");

    /// <summary>
    /// The CPU time the server has used so far (user and system, from <c>/proc/PID/stat</c>): less sensitive than wall
    /// time to what else the machine runs.
    /// </summary>
    public TimeSpan CpuTime
    {
        get
        {
            // The fields after the command's name, which is in parentheses and may hold spaces: utime and stime are 14 and 15.
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
    }

    /// <param name="diffBase">A profile to compare with (<c>-diff_base</c>), for the diff view; null for none.</param>
    public static async Task<ServerProcess> StartAsync(string profile, string? diffBase = null)
    {
        var own = Environment.GetEnvironmentVariable("DOTNET_PPROF");
        var start = new ProcessStartInfo(own is { Length: > 0 } ? own : Host())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (own is not { Length: > 0 })
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dotnet-pprof.dll"));
        }

        foreach (var arg in (string[])["-http=127.0.0.1:0", "-no_browser", .. diffBase is null ? (string[])[] : ["-diff_base=" + diffBase], profile])
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-pprof did not start");
        _ = process.StandardOutput.ReadToEndAsync();
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(Announcement, StringComparison.Ordinal))
            {
                var listening = clock.Elapsed;
                _ = process.StandardError.ReadToEndAsync();
                return new ServerProcess(process, clock, new Uri(line[Announcement.Length..]), listening);
            }

            Console.Error.WriteLine(line);
        }

        throw new InvalidOperationException($"dotnet-pprof exited with {process.ExitCode} without serving");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static string Host() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current
        : "dotnet";

    private long ProcStatusBytes(string name)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(name, StringComparison.Ordinal));
        return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
