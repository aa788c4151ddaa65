using System.Text;
using Pprof.Driver;

namespace Pprof.Tests.Support;

/// <summary>The driver run in process, as the command line would run it, with its stdout and stderr kept.</summary>
public sealed record DriverRun(int Status, byte[] Stdout, string Stderr)
{
    public string Text => Encoding.UTF8.GetString(Stdout);

    public static DriverRun Of(params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var status = PprofDriver.Run(args, stdout, stderr);
        return new DriverRun(status, stdout.ToArray(), stderr.ToString());
    }

    /// <summary>Fails with what the driver said unless it exited with 0.</summary>
    public DriverRun Succeeded()
    {
        Assert.True(Status == 0, $"exited with {Status}: {Stderr}");
        return this;
    }
}
