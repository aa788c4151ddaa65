using Microsoft.Diagnostics.Tracing.Etlx;

namespace Pprof.Collector;

/// <summary>A temporary folder for one collection's .nettrace file and the .etlx that TraceLog converts it into.</summary>
internal sealed class TraceScratch : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("dotnet-pprof-");

    public string NetTrace => Path.Combine(_folder.FullName, "trace.nettrace");

    /// <summary>The recorded trace with its stacks resolved against the method and module events it holds.</summary>
    public TraceLog OpenLog()
    {
        var options = new TraceLogOptions { ConversionLog = TextWriter.Null, ContinueOnError = true };
        var etlx = TraceLog.CreateFromEventPipeDataFile(NetTrace, Path.Combine(_folder.FullName, "trace.etlx"), options);
        return new TraceLog(etlx);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
