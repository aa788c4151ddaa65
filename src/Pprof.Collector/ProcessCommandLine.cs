using System.Diagnostics;

namespace Pprof.Collector;

/// <summary>The arguments a process was started with, where the operating system tells them.</summary>
internal static class ProcessCommandLine
{
    public static IReadOnlyList<string> Read(int id)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                var text = File.ReadAllText($"/proc/{id}/cmdline");
                return text.Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }

            using var process = Process.GetProcessById(id);
            return process.MainModule?.FileName is { } path ? [path] : [];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException
            or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }
}
