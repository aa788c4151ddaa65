using System.Globalization;

namespace ServiceLoad;

/// <summary>
/// CPU time from <c>/proc</c>, in clock ticks (100 a second on Linux): the whole machine's busy time, and a process's
/// (all its threads). What the machine spent beyond the service and the load generator is the other processes' work,
/// which on a shared machine comes and goes and would otherwise decide the tail latencies.
/// </summary>
internal static class MachineCpu
{
    public const double TicksPerSecond = 100;

    /// <summary>user, nice, system, irq, softirq and steal of the <c>cpu</c> line of /proc/stat: all cores, not idle or waiting.</summary>
    public static long Busy()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
    }

    /// <summary>Fields 14 and 15 of /proc/PID/stat, user and system time, after the name in parentheses; 0 once it has gone.</summary>
    public static long OfProcess(int processId)
    {
        try
        {
            var fields = File.ReadAllText($"/proc/{processId}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
