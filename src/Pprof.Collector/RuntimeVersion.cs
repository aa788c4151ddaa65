using System.Diagnostics;
using System.Reflection;

namespace Pprof.Collector;

/// <summary>
/// The .NET version a process runs, read from the System.Private.CoreLib next to the runtime it loaded: the
/// diagnostic client asks the process itself only through internal API.
/// </summary>
public static class RuntimeVersion
{
    /// <summary>The first major version with AllocationSampled events.</summary>
    public const int FirstWithAllocationSampling = 10;

    private static readonly string[] RuntimeLibraries = ["libcoreclr.so", "coreclr.dll", "libcoreclr.dylib"];

    /// <summary>Null when it cannot be told, for example for a process in another container.</summary>
    public static Version? Of(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            foreach (ProcessModule module in process.Modules)
            {
                if (RuntimeLibraries.Contains(module.ModuleName, StringComparer.OrdinalIgnoreCase)
                    && Path.GetDirectoryName(module.FileName) is { } folder
                    && Path.Combine(folder, "System.Private.CoreLib.dll") is var coreLib
                    && File.Exists(coreLib))
                {
                    return AssemblyName.GetAssemblyName(coreLib).Version;
                }
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException
            or InvalidOperationException or BadImageFormatException or System.ComponentModel.Win32Exception)
        {
            return null;
        }

        return null;
    }
}
