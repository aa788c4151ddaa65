using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;

namespace Pprof.Collector;

/// <summary>
/// The processes whose runtime listens on a diagnostic port. On Linux a port is the socket
/// <c>dotnet-diagnostic-PID-KEY-socket</c> in the temporary folder, KEY being the process's start time in clock ticks
/// since boot (field 22 of <c>/proc/PID/stat</c>); a runtime that died without removing its socket leaves it behind, and
/// once its id is reused the new process (a kernel thread, a shell) would pass for .NET. Only sockets whose key is
/// their process's start time count.
/// </summary>
internal static class DiagnosticPorts
{
    public static IEnumerable<int> Published() =>
        OperatingSystem.IsLinux() ? Published(Path.GetTempPath(), StartTime) : DiagnosticsClient.GetPublishedProcesses();

    public static IEnumerable<int> Published(string folder, Func<int, long?> startTime)
    {
        IEnumerable<string> sockets;
        try
        {
            sockets = Directory.EnumerateFiles(folder, "dotnet-diagnostic-*-*-socket").ToList();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var socket in sockets)
        {
            var parts = Path.GetFileName(socket).Split('-');
            if (parts.Length == 5
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var key)
                && startTime(id) == key)
            {
                yield return id;
            }
        }
    }

    /// <summary>Field 22 of /proc/PID/stat; the fields are counted after the command name, which may hold spaces and ')'.</summary>
    public static long? StartTime(int id)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
