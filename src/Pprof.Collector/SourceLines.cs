using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Pprof.Collector;

/// <summary>
/// The source file and line of a managed frame: the trace's IL-to-native maps give the IL offset, the module's
/// portable PDB the line. The PDB is looked for where the build wrote it and next to the module, on this machine
/// only: no symbol server is asked, so framework frames, whose PDBs are not installed, have none.
/// </summary>
internal sealed class SourceLines : IDisposable
{
    // The security check guards against PDBs from remote shares; these are local files the profiled process names.
    private readonly SymbolReader _reader = new(TextWriter.Null, "") { SecurityCheck = _ => true };

    /// <summary>Null when no PDB or map gives the frame a line.</summary>
    public (string File, int Line)? Find(TraceCodeAddress code)
    {
        try
        {
            return code.GetSourceLine(_reader) is { SourceFile.BuildTimeFilePath: { Length: > 0 } file, LineNumber: > 0 and var line }
                ? (file, line)
                : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or BadImageFormatException
            or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    public void Dispose() => _reader.Dispose();
}
