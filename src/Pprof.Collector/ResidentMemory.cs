using System.Globalization;

namespace Pprof.Collector;

/// <summary>A process's resident set size (VmRSS), read from /proc: the physical memory it holds.</summary>
public static class ResidentMemory
{
    /// <summary>Null where there is no /proc, or once the process has gone.</summary>
    public static long? Bytes(int processId)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                // "VmRSS:	  123456 kB"
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }
}
