using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ServiceLoad;

/// <summary>LeakyService started on a free loopback port, killed when disposed.</summary>
internal sealed partial class Service : IDisposable
{
    private readonly Process _process;

    private Service(Process process, Uri address)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = address };
        Listening = Stopwatch.GetTimestamp();
    }

    public HttpClient Client { get; }

    /// <summary>When it said it listened (a <see cref="Stopwatch"/> timestamp): its hosted services, such as the push, started just before.</summary>
    public long Listening { get; }

    /// <summary>The CPU time the service has used so far, all its threads, in clock ticks (<see cref="MachineCpu"/>).</summary>
    public long CpuTicks => MachineCpu.OfProcess(_process.Id);

    public static async Task<Service> StartAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LeakyService.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("LeakyService did not start");
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (ListeningOn().Match(line) is { Success: true } match)
            {
                // Keep reading, so that the service never blocks on a full pipe.
                _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                return new Service(process, new Uri(match.Groups[1].Value));
            }
        }

        throw new InvalidOperationException("LeakyService exited before it listened");
    }

    public void Dispose()
    {
        Client.Dispose();
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
