using System.Runtime.InteropServices;

namespace Pprof.Push;

/// <summary>
/// Where a profile comes from, on every series of a process: the host, its OS and architecture, the process and
/// its .NET version. The names are OpenTelemetry's resource attributes, as Grafana's own .NET and Java agents send
/// <c>process.runtime.name</c> and <c>process.runtime.version</c>, and as Pyroscope files the resource attributes
/// of an OTLP profile, so that a series has the same labels whichever protocol carried it.
/// </summary>
public static class HostLabels
{
    public const string HostName = "host.name";
    public const string OsType = "os.type";
    public const string HostArch = "host.arch";
    public const string ProcessName = "process.executable.name";
    public const string RuntimeName = "process.runtime.name";
    public const string RuntimeVersion = "process.runtime.version";

    /// <summary>Every name this class may send, reserved for it (a user's label of the same name replaces ours).</summary>
    public static readonly IReadOnlyList<string> Names = [HostName, OsType, HostArch, ProcessName, RuntimeName, RuntimeVersion];

    /// <summary>The labels of a .NET process on this host; the runtime version is left out when it cannot be told.</summary>
    public static PushLabel[] Of(string processName, Version? runtimeVersion)
    {
        var labels = new List<PushLabel>(Names.Count)
        {
            new(HostName, Environment.MachineName),
            new(OsType, Os()),
            new(HostArch, Arch(RuntimeInformation.OSArchitecture)),
        };
        if (processName.Length > 0)
        {
            labels.Add(new(ProcessName, processName));
        }

        labels.Add(new(RuntimeName, ".NET"));
        if (runtimeVersion is not null)
        {
            labels.Add(new(RuntimeVersion, runtimeVersion.ToString(Math.Min(3, FieldCount(runtimeVersion)))));
        }

        return [.. labels];
    }

    /// <summary>The labels of the process this code runs in, named by its app when <c>dotnet App.dll</c> runs it.</summary>
    public static PushLabel[] OfThisProcess()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var name = self.ProcessName == "dotnet" && System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name is { } app
            ? app
            : self.ProcessName;
        return Of(name, Environment.Version);
    }

    /// <summary>OpenTelemetry's <c>os.type</c> values.</summary>
    private static string Os() =>
        OperatingSystem.IsLinux() ? "linux"
        : OperatingSystem.IsWindows() ? "windows"
        : OperatingSystem.IsMacOS() ? "darwin"
        : OperatingSystem.IsFreeBSD() ? "freebsd"
        : RuntimeInformation.OSDescription.Split(' ')[0].ToLowerInvariant();

    /// <summary>OpenTelemetry's <c>host.arch</c> values.</summary>
    private static string Arch(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "x86",
        Architecture.Arm => "arm32",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    private static int FieldCount(Version version) => version.Build < 0 ? 2 : 3;
}
