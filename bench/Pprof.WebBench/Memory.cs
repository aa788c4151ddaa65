using System.Diagnostics;

namespace Pprof.WebBench;

/// <summary>The server's memory on a profile too large for the browser figures: the first page, top and flame graph.</summary>
internal static class Memory
{
    /// <param name="urls">The pages and data asked for, in order: the first page, top and flame graph unless given.</param>
    public static async Task Measure(string profile, IReadOnlyList<string> urls)
    {
        using var server = await ServerProcess.StartAsync(profile);
        Console.WriteLine($"listening after {server.Listening.TotalSeconds:0.0} s, peak {server.PeakMemory / 1e6:0} MB");
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromHours(1) };
        foreach (var url in urls.Count > 0 ? urls : ["/ui/", "/ui/top", "/ui/api/flamegraph"])
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
            var length = (await response.Content.ReadAsByteArrayAsync()).Length;
            Console.WriteLine($"{url}: {(int)response.StatusCode}, {length} bytes, after {clock.Elapsed.TotalSeconds:0.0} s; server peak {server.PeakMemory / 1e6:0} MB");
        }
    }
}
