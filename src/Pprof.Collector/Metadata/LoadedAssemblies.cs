using System.Diagnostics;

namespace Pprof.Collector.Metadata;

/// <summary>The files of the assemblies a process has loaded, for sessions that do not record the loader's events.</summary>
internal static class LoadedAssemblies
{
    private const string Deleted = " (deleted)";

    /// <summary>
    /// The mapped <c>.dll</c> files on Linux (the runtime maps every assembly it loads), else the process's modules. An
    /// assembly replaced on disk since it was loaded (a redeploy over a running service) is read from the process's
    /// own mapping of it, <c>/proc/PID/map_files/RANGE</c>: the file it loaded, which the path no longer names.
    /// </summary>
    public static IReadOnlyList<string> Of(int processId)
    {
        try
        {
            var maps = $"/proc/{processId}/maps";
            var paths = File.Exists(maps)
                ? File.ReadLines(maps).Select(line => MappedAssembly(processId, line)).OfType<string>()
                : Modules(processId).Where(IsAssembly);
            return [.. paths.Distinct(StringComparer.Ordinal)];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidOperationException
            or ArgumentException or System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }

    /// <summary>The assembly a line of /proc/PID/maps maps (<c>START-END PERMS OFFSET DEV INODE PATH</c>), if it maps one.</summary>
    private static string? MappedAssembly(int processId, string line)
    {
        var at = line.IndexOf('/', StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var path = line[at..];
        var deleted = path.EndsWith(Deleted, StringComparison.Ordinal);
        if (!IsAssembly(deleted ? path[..^Deleted.Length] : path))
        {
            return null;
        }

        return deleted ? $"/proc/{processId}/map_files/{line[..line.IndexOf(' ', StringComparison.Ordinal)]}" : path;
    }

    private static bool IsAssembly(string path) => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Modules(int processId)
    {
        using var process = Process.GetProcessById(processId);
        return [.. process.Modules.Cast<ProcessModule>().Select(module => module.FileName)];
    }
}
