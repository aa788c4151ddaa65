using System.Globalization;
using ServiceLoad;

// Usage: ServiceLoad [ROUNDS] [CONCURRENCY]. Each round runs LeakyService without, then with, allocation sampling
// from the start, and sends each workload's requests over loopback after a tenth as many to warm up. The counts
// make each run last several of the sampler's 10 s windows, so that the runs include their processing.
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
(string Name, string PathAndQuery, int Requests)[] workloads =
[
    ("GET /orders/{cached}", "orders/{0}", 300_000),
    ("GET /download?kb=64", "download?kb=64", 60_000),
];
(string Name, string[] Arguments)[] modes = [("off", []), ("SampleAllocationsFromStart", ["--Pprof:SampleAllocationsFromStart=true"])];

Console.WriteLine($"{rounds} rounds, {concurrency} requests at a time; requests per second:");
var results = new Dictionary<(string Mode, string Workload), List<double>>();
for (var round = 0; round < rounds; round++)
{
    foreach (var (mode, arguments) in modes)
    {
        using var service = await Service.StartAsync(arguments);
        foreach (var (workload, pathAndQuery, requests) in workloads)
        {
            await Load.RunAsync(service.Client, pathAndQuery, requests / 10, concurrency);
            var rate = await Load.RunAsync(service.Client, pathAndQuery, requests, concurrency);
            Console.WriteLine($"  round {round + 1}, {mode,-27} {workload,-22} {rate,10:0}");
            results.TryAdd((mode, workload), []);
            results[(mode, workload)].Add(rate);
        }
    }
}

Console.WriteLine("Median:");
foreach (var ((mode, workload), rates) in results)
{
    Console.WriteLine($"  {mode,-27} {workload,-22} {rates.Order().ElementAt(rates.Count / 2),10:0}");
}
