using System.Globalization;

namespace Pprof.Collector.Metadata;

/// <summary>
/// The files a Linux process has mapped, from <c>/proc/PID/maps</c>: names native frames that the trace leaves as
/// bare addresses (<c>libcoreclr.so+0x4a3f0</c>, the offset in the file, for <c>addr2line</c> or <c>nm</c>).
/// </summary>
internal sealed class ProcessMaps
{
    private readonly List<(ulong Start, ulong End, ulong Offset, string Path)> _regions = [];

    private ProcessMaps(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            // start-end perms offset dev inode path
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 6 && fields[5].StartsWith('/') && fields[0].Split('-') is [var start, var end]
                && ulong.TryParse(start, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var from)
                && ulong.TryParse(end, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var to)
                && ulong.TryParse(fields[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var offset))
            {
                _regions.Add((from, to, offset, fields[5].Trim()));
            }
        }
    }

    /// <summary>Empty when the process is gone or the system has no /proc.</summary>
    public static ProcessMaps Of(int processId)
    {
        try
        {
            return new ProcessMaps(File.ReadAllLines($"/proc/{processId}/maps"));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return new ProcessMaps([]);
        }
    }

    /// <summary>The frame's name as <c>file+0xOFFSET</c>, null when no mapped file holds the address.</summary>
    public string? Name(ulong address)
    {
        foreach (var (start, end, offset, path) in _regions)
        {
            if (address >= start && address < end)
            {
                return $"{Path.GetFileName(path)}+0x{address - start + offset:x}";
            }
        }

        return null;
    }
}
