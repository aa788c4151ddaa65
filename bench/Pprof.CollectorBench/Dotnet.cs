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

    /// <summary>A "Name:  123 kB" line of /proc/PID/status, in bytes.</summary>
    public static long ProcStatusBytes(int processId, string name)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith(name, StringComparison.Ordinal));
        return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
