using System.Globalization;
using Microsoft.Playwright;
using Pprof.WebBench;

// How fast the web UI is where Go's is slowest: a large profile, timed in headless Chromium (the system's) as a user
// meets it: the first page, its flame graph painted, each view's data, zoom, search, hover and a pivot.
//   dotnet run -c Release --project bench/Pprof.WebBench -- [PROFILE] [RUNS=3] [-diff_base=BASE]   # with a base, the diff view too
//   dotnet run -c Release --project bench/Pprof.WebBench -- memory PROFILE [URL...]   # server memory of the first views only
var arguments = args.ToList();
var memoryOnly = arguments.Remove("memory");
var diffBase = arguments.Find(a => a.StartsWith("-diff_base=", StringComparison.Ordinal)) is { } given ? Path.GetFullPath(given["-diff_base=".Length..]) : null;
arguments.RemoveAll(a => a.StartsWith("-diff_base=", StringComparison.Ordinal));
var profile = Path.GetFullPath(arguments.ElementAtOrDefault(0) ?? "../shared/bench/huge.heap.pb.gz");
var runs = !memoryOnly && arguments.Count > 1 ? int.Parse(arguments[1], CultureInfo.InvariantCulture) : 3;
if (!File.Exists(profile))
{
    Console.Error.WriteLine($"{profile}: no such profile: give a profile's path as the first argument");
    return 2;
}

if (diffBase is not null && !File.Exists(diffBase))
{
    Console.Error.WriteLine($"{diffBase}: no such profile: give -diff_base the path of the profile to compare with");
    return 2;
}

Console.WriteLine($"{Path.GetFileName(profile)} ({new FileInfo(profile).Length / 1e6:0.0} MB){(diffBase is null ? "" : $" against {Path.GetFileName(diffBase)}")}, {Environment.ProcessorCount} cores, load average {LoadAverage()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
if (memoryOnly)
{
    await Memory.Measure(profile, arguments.Skip(1).ToList());
    return 0;
}

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--enable-precise-memory-info"],
});
Console.WriteLine($"Chromium {browser.Version}");
var results = new List<Dictionary<string, double>>();
for (var run = 1; run <= runs; run++)
{
    var figures = await Run.Measure(browser, profile, diffBase);
    results.Add(figures);
    Console.WriteLine($"run {run} (load average {LoadAverage()}):");
    foreach (var (name, value) in figures)
    {
        Console.WriteLine($"  {name,-52} {Run.Format(name, value)}");
    }
}

Console.WriteLine($"median of {runs}:");
foreach (var name in results[0].Keys)
{
    var values = results.Select(r => r[name]).Order().ToList();
    Console.WriteLine($"  {name,-52} {Run.Format(name, values[values.Count / 2])}   ({string.Join(", ", values.Select(v => Run.Format(name, v)))})");
}

return 0;

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
