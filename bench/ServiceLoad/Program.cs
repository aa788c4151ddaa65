using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ServiceLoad;

// Usage: ServiceLoad p99 [ROUNDS=14] [MODES=off+push-threads-refused] [SECONDS=30] [ORDERS_PER_S=2000]
// [DOWNLOADS_PER_S=500] [WARMUP_SECONDS=75]: does a mode change the p99 latency by under 5% against the first one (see
// P99Benchmark)? Modes joined by + run side by side, joined by , one after the other. The warm-up covers the push's
// first five windows, in which its collector's code is still being compiled to its final tier.
// Usage: ServiceLoad [ROUNDS] [CONCURRENCY] [MODE,...]. Each round runs LeakyService in each mode, and sends each
// workload's requests over loopback after a tenth as many to warm up. The counts make each run last several of the
// sampler's 10 s windows (and push's 15 s windows), so that the runs include their processing. Modes: off,
// sampling (SampleAllocationsFromStart), push-refused (PushTo a port that refuses connections: cpu and allocations
// collected every 15 s, every push failing), push-threads-refused (PushTo, only the 200 ms threads profile: the
// delivery's own cost, next to nothing collected).
var refusing = RefusingServer();
var modes = new Dictionary<string, string[]>
{
    ["off"] = [],
    ["sampling"] = ["--Pprof:SampleAllocationsFromStart=true"],
    ["push-refused"] = [$"--Pprof:PushTo={refusing}"],
    ["push-threads-refused"] = [$"--Pprof:PushTo={refusing}", "--Pprof:PushProfiles=threads"],
};

if (args is ["p99", .. var p99Arguments])
{
    // The answers' continuations must never wait for the pool to grow: that wait would count as the service's latency.
    ThreadPool.SetMinThreads(16, 16);
    Workload[] mix =
    [
        new("GET /orders/{cached}", "orders/{0}", Argument(p99Arguments, 3, 2_000)),
        new("GET /download?kb=64", "download?kb=64", Argument(p99Arguments, 4, 500)),
    ];
    // off+push-threads-refused: the modes side by side (see P99Benchmark.RunAsync); off,push-threads-refused: in turn.
    var chosenModes = p99Arguments.Length > 1 ? p99Arguments[1] : "off+push-threads-refused";
    await new P99Benchmark(
        chosenModes.Split(',', '+'),
        (int)Argument(p99Arguments, 0, 14),
        TimeSpan.FromSeconds(Argument(p99Arguments, 5, 75)),
        TimeSpan.FromSeconds(Argument(p99Arguments, 2, 30)),
        mix).RunAsync(modes, sideBySide: chosenModes.Contains('+', StringComparison.Ordinal));
    return;
}

var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
var chosen = args.Length > 2 ? args[2].Split(',') : ["off", "sampling"];
(string Name, string PathAndQuery, int Requests)[] workloads =
[
    ("GET /orders/{cached}", "orders/{0}", 300_000),
    ("GET /download?kb=64", "download?kb=64", 60_000),
];
Console.WriteLine($"{rounds} rounds, {concurrency} requests at a time; requests per second and p99 latency:");
var results = new Dictionary<(string Mode, string Workload), List<(double Rate, TimeSpan P99)>>();
for (var round = 0; round < rounds; round++)
{
    foreach (var mode in chosen)
    {
        using var service = await Service.StartAsync(modes[mode]);
        foreach (var (workload, pathAndQuery, requests) in workloads)
        {
            await Load.RunAsync(service.Client, pathAndQuery, requests / 10, concurrency);
            var (rate, p99) = await Load.RunAsync(service.Client, pathAndQuery, requests, concurrency);
            Console.WriteLine($"  round {round + 1}, {mode,-21} {workload,-22} {rate,10:0} {p99.TotalMilliseconds,8:0.00} ms");
            results.TryAdd((mode, workload), []);
            results[(mode, workload)].Add((rate, p99));
        }
    }
}

Console.WriteLine("Median:");
foreach (var ((mode, workload), runs) in results)
{
    var rate = runs.Select(r => r.Rate).Order().ElementAt(runs.Count / 2);
    var p99 = runs.Select(r => r.P99).Order().ElementAt(runs.Count / 2);
    Console.WriteLine($"  {mode,-21} {workload,-22} {rate,10:0} {p99.TotalMilliseconds,8:0.00} ms");
}

static double Argument(string[] arguments, int index, double byDefault) =>
    arguments.Length > index ? double.Parse(arguments[index], CultureInfo.InvariantCulture) : byDefault;

// A loopback port nothing listens on: every connection is refused at once.
static string RefusingServer()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return $"http://127.0.0.1:{port}";
}
