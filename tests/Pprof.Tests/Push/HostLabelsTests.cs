using Pprof.Push;

namespace Pprof.Tests.Push;

/// <summary>The host and runtime labels, named as OpenTelemetry's resource attributes.</summary>
public sealed class HostLabelsTests
{
    [Fact]
    public void This_process_is_named_with_its_host_os_architecture_and_exact_runtime_version()
    {
        var labels = HostLabels.OfThisProcess();

        Assert.Equal(
            ["host.name", "os.type", "host.arch", "process.executable.name", "process.runtime.name", "process.runtime.version"],
            labels.Select(l => l.Name));
        Assert.Equal(Environment.MachineName, labels[0].Value);
        Assert.Equal(OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : "darwin", labels[1].Value);
        Assert.Contains(labels[2].Value, new[] { "amd64", "arm64" });
        Assert.Equal((".NET", Environment.Version.ToString(3)), (labels[4].Value, labels[5].Value));
    }

    [Fact]
    public void A_runtime_version_that_cannot_be_told_is_left_out_and_versions_keep_three_parts()
    {
        Assert.DoesNotContain(HostLabels.Of("app", null), l => l.Name == HostLabels.RuntimeVersion);
        Assert.Equal("8.0.11", HostLabels.Of("app", new Version(8, 0, 11, 0)).Single(l => l.Name == HostLabels.RuntimeVersion).Value);
        Assert.Equal("10.0", HostLabels.Of("app", new Version(10, 0)).Single(l => l.Name == HostLabels.RuntimeVersion).Value);
    }

    [Fact]
    public void Every_host_label_passes_pyroscopes_label_rules()
    {
        SeriesLabels.Validate("checkout", HostLabels.OfThisProcess());
    }
}
