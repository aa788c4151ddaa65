using System.Diagnostics;

namespace Pprof.Collector.Metadata;

/// <summary>The files of the assemblies a process has loaded, for sessions that do not record the loader's events.</summary>
internal static class LoadedAssemblies
{
    /// <summary>The mapped <c>.dll</c> files on Linux (the runtime maps every assembly it loads), else the process's modules.</summary>
    public static IReadOnlyList<string> Of(int processId)
    {
        try
        {
            var maps = $"/proc/{processId}/maps";
            IEnumerable<string> paths = File.Exists(maps)
                ? File.ReadLines(maps).Select(line => line.IndexOf('/', StringComparison.Ordinal) is >= 0 and var at ? line[at..] : "")
                : Modules(processId);
            return [.. paths.Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal)];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidOperationException
            or ArgumentException or System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }

    private static IEnumerable<string> Modules(int processId)
    {
        using var process = Process.GetProcessById(processId);
        return [.. process.Modules.Cast<ProcessModule>().Select(module => module.FileName)];
    }
}
