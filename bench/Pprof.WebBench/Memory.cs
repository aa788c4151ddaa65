using System.Diagnostics;

namespace Pprof.WebBench;

/// <summary>The server's memory on a profile too large for the browser figures: the first page, top and flame graph.</summary>
internal static class Memory
{
    public static async Task Measure(string profile)
    {
        using var server = await ServerProcess.StartAsync(profile);
        Console.WriteLine($"listening after {server.Listening.TotalSeconds:0.0} s, peak {server.PeakMemory / 1e6:0} MB");
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromHours(1) };
        foreach (var url in (string[])["/ui/", "/ui/top", "/ui/api/flamegraph"])
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
            var length = (await response.Content.ReadAsByteArrayAsync()).Length;
            Console.WriteLine($"{url}: {(int)response.StatusCode}, {length} bytes, after {clock.Elapsed.TotalSeconds:0.0} s; server peak {server.PeakMemory / 1e6:0} MB");
        }
    }
}
