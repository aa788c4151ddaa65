using System.Diagnostics;

namespace Pprof.Collector;

/// <summary>Finds the .NET processes of this machine that the collector can attach to.</summary>
public static class DotnetProcesses
{
    /// <summary>Every attachable process but this one, by id.</summary>
    public static IReadOnlyList<DotnetProcess> List()
    {
        var processes = new List<DotnetProcess>();
        foreach (var id in DiagnosticPorts.Published().Distinct().Order())
        {
            if (id != Environment.ProcessId && TryDescribe(id) is { } process)
            {
                processes.Add(process);
            }
        }

        return processes;
    }

    public static DotnetProcess ById(int id)
    {
        if (DiagnosticPorts.Published().Contains(id) && TryDescribe(id) is { } process)
        {
            return process;
        }

        var name = ProcessName(id) ?? throw new CollectorException($"no process with id {id}");
        throw new CollectorException(
            $"process {id} ({name}) is not a .NET process that accepts diagnostics (no diagnostic port found)");
    }

    /// <summary>The one attachable process with this app or executable name (case-insensitive).</summary>
    public static DotnetProcess ByName(string name)
    {
        var matches = List()
            .Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(ProcessName(p.Id), name, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CollectorException($"no .NET process named {name} (dotnet-pprof ps lists them)"),
            _ => throw new CollectorException(
                $"{matches.Count} .NET processes are named {name} ({string.Join(", ", matches.Select(p => p.Id))}): pick one with -p"),
        };
    }

    private static DotnetProcess? TryDescribe(int id)
    {
        var executable = ProcessName(id);
        if (executable is null)
        {
            return null;
        }

        var arguments = ProcessCommandLine.Read(id);
        return new DotnetProcess(id, AppName(executable, arguments), arguments.Count == 0 ? executable : string.Join(' ', arguments));
    }

    private static string AppName(string executable, IReadOnlyList<string> arguments)
    {
        var host = arguments.Count > 0 ? Path.GetFileNameWithoutExtension(arguments[0]) : executable;
        if (host == "dotnet" && arguments.Skip(1).FirstOrDefault(a => a.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) is { } entry)
        {
            return Path.GetFileNameWithoutExtension(entry);
        }

        return executable;
    }

    private static string? ProcessName(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            return process.ProcessName;
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
