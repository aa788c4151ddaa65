using Microsoft.Diagnostics.Tracing.Etlx;

namespace Pprof.Collector;

/// <summary>
/// Turns the call stacks that <see cref="TraceLog"/> resolved into profile stacks: a frame per method and source
/// line, named <c>Namespace.Type.Method</c> (the signature kept as the system name), with the file and line where
/// the module's PDB gives them, and a mapping per module. Return addresses on one line, and the method's tiered
/// recompilations, share the frame, so that stacks that read the same add up as one.
/// </summary>
internal sealed class ManagedStacks(ProfileBuilder builder) : IDisposable
{
    private readonly Dictionary<CodeAddressIndex, int> _frames = [];
    private readonly List<int> _stack = [];
    private readonly SourceLines _sourceLines = new();

    /// <summary>Location indices, leaf first; empty for an event without a managed stack.</summary>
    public int[] Resolve(TraceCallStack? callStack)
    {
        _stack.Clear();
        for (var frame = callStack; frame is not null; frame = frame.Caller)
        {
            _stack.Add(Frame(frame.CodeAddress));
        }

        return [.. _stack];
    }

    public void Dispose() => _sourceLines.Dispose();

    private int Frame(TraceCodeAddress code)
    {
        if (_frames.TryGetValue(code.CodeAddressIndex, out var frame))
        {
            return frame;
        }

        var module = code.ModuleFile is { } file
            ? builder.Module(file.FilePath.Length > 0 ? file.FilePath : file.Name, file.ImageBase, (ulong)file.ImageSize)
            : null;
        var signature = code.FullMethodName;
        var source = signature.Length > 0 ? _sourceLines.Find(code) : null;
        frame = builder.Frame(MethodName(signature, code), signature, module, source?.File ?? "", source?.Line ?? 0);
        _frames[code.CodeAddressIndex] = frame;
        return frame;
    }

    private static string MethodName(string signature, TraceCodeAddress code)
    {
        if (signature.Length == 0)
        {
            return code.ModuleName.Length > 0 ? $"{code.ModuleName}!0x{code.Address:x}" : $"0x{code.Address:x}";
        }

        var arguments = signature.IndexOf('(', StringComparison.Ordinal);
        return arguments > 0 ? signature[..arguments] : signature;
    }
}
