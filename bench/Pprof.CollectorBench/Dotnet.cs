using System.Diagnostics;
using System.Globalization;

namespace Pprof.CollectorBench;

/// <summary>Starting .NET programs with the host that runs this one, and reading what /proc says of a process.</summary>
internal static class Dotnet
{
    public static string Host =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current
        : "dotnet";

    public static string Pprof => Path.Combine(AppContext.BaseDirectory, "dotnet-pprof.dll");

    public static ProcessStartInfo StartInfo(string assembly, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    /// <summary>User and system CPU time of all the process's threads so far, from /proc/PID/stat (in 10 ms ticks).</summary>
    public static TimeSpan CpuTime(int processId)
    {
        var fields = Stat(processId) ?? throw new InvalidOperationException($"process {processId} has gone");
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>
    /// CPU time of a process and of its descendants still running: a tool started through <c>dotnet TOOL</c> runs in a
    /// child of the host. A process that has gone counts as none.
    /// </summary>
    public static TimeSpan TreeCpuTime(int processId)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var id) && Stat(id) is { } fields)
            {
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(id);
            }
        }

        var total = TimeSpan.Zero;
        var pending = new Stack<int>([processId]);
        while (pending.TryPop(out var id))
        {
            if (Stat(id) is { } fields)
            {
                total += TimeSpan.FromMilliseconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10);
            }

            foreach (var child in children.GetValueOrDefault(id) ?? [])
            {
                pending.Push(child);
            }
        }

        return total;
    }

    /// <summary>The fields of /proc/PID/stat after the command name (state first); null once the process has gone.</summary>
    private static string[]? Stat(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>A "Name:  123 kB" line of /proc/PID/status, in bytes.</summary>
    public static long ProcStatusBytes(int processId, string name)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith(name, StringComparison.Ordinal));
        return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
