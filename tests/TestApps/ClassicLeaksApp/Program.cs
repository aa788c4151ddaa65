using ClassicLeaksApp;

// ClassicLeaksApp MODE [WARMUP [PER_GC]]: one classic leak, or one pattern that is not a leak, selected by MODE.
// WARMUP ticks (default 200) put it in place before "ready". Then each line on stdin is a number of ticks to do,
// answered with "done N" (N ticks in all) once they are done; and with PER_GC, the app does that many ticks after
// each full GC it sees, such as the one a heap snapshot induces, so that a series of snapshots sees the same work
// between any two of them, however the machine schedules the profiler.
if (args.Length is < 1 or > 3 || !Scenarios.All.TryGetValue(args[0], out var scenario))
{
    Console.Error.WriteLine($"usage: ClassicLeaksApp {string.Join('|', Scenarios.All.Keys)} [WARMUP [PER_GC]]");
    return 2;
}

var ticks = new Ticks(scenario);
ticks.Run(args.Length >= 2 ? Count(args[1]) : 200);
if (args.Length == 3)
{
    ticks.RunAfterEachFullGc(Count(args[2]));
}

Console.WriteLine("ready");
while (Console.ReadLine() is { } line)
{
    Console.WriteLine($"done {ticks.Run(Count(line))}");
}

return 0;

static int Count(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
