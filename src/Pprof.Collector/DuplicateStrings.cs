using Microsoft.Diagnostics.Runtime;

namespace Pprof.Collector;

/// <summary>One string value held more than once on the heap, and what its copies cost.</summary>
/// <param name="Value">The value, cut at <see cref="DuplicateStrings.MaxValueLength"/> characters.</param>
/// <param name="Bytes">What all the copies take.</param>
public sealed record DuplicateString(string Value, long Copies, long Bytes)
{
    /// <summary>What all the copies but one take: what sharing one instance would save.</summary>
    public long WastedBytes => Bytes - (Bytes / Copies);
}

/// <summary>
/// The string values a process holds in several copies, read from its heap with ClrMD: the process is attached with
/// ptrace and suspended while its heap is read (event traces carry no string contents). Linux needs the right to
/// ptrace the process (the same user and ptrace_scope 0 or 1 for a child, or CAP_SYS_PTRACE).
/// </summary>
public static class DuplicateStrings
{
    public const int MaxValueLength = 200;

    /// <summary>The values with copies, those that waste the most first.</summary>
    /// <exception cref="CollectorException">The process cannot be attached or its runtime cannot be read.</exception>
    public static IReadOnlyList<DuplicateString> Find(int processId, int top)
    {
        var values = new Dictionary<string, (long Copies, long Bytes)>(StringComparer.Ordinal);
        try
        {
            using var target = DataTarget.AttachToProcess(processId, suspend: true);
            using var runtime = Runtime(target, processId);
            foreach (var item in runtime.Heap.EnumerateObjects())
            {
                if (item.Type?.IsString == true && item.AsString(MaxValueLength) is { } value)
                {
                    var (copies, bytes) = values.GetValueOrDefault(value);
                    values[value] = (copies + 1, bytes + (long)item.Size);
                }
            }
        }
        catch (Exception error) when (error is InvalidOperationException or IOException or UnauthorizedAccessException
            or ArgumentException or NotSupportedException or ClrDiagnosticsException)
        {
            throw new CollectorException($"cannot read the strings of process {processId}: {error.Message}", error);
        }

        return [.. values.Where(v => v.Value.Copies > 1)
            .Select(v => new DuplicateString(v.Key, v.Value.Copies, v.Value.Bytes))
            .OrderByDescending(d => d.WastedBytes).ThenBy(d => d.Value, StringComparer.Ordinal)
            .Take(top)];
    }

    /// <summary>
    /// The runtime, read through the DAC installed beside it: ClrMD does not tell the version of a runtime from a
    /// shared framework on Linux, and would look for a DAC of version 0.0.
    /// </summary>
    private static ClrRuntime Runtime(DataTarget target, int processId)
    {
        var clr = target.ClrVersions.FirstOrDefault()
            ?? throw new CollectorException($"process {processId} has no .NET runtime that ClrMD can read");
        var dac = Path.Combine(Path.GetDirectoryName(clr.ModuleInfo.FileName) ?? "", OperatingSystem.IsWindows() ? "mscordaccore.dll" : "libmscordaccore.so");
        return File.Exists(dac) ? clr.CreateRuntime(dac, ignoreMismatch: true) : clr.CreateRuntime();
    }
}
