using Microsoft.Diagnostics.Tracing.Etlx;
using Pprof.Collector.Inlining;
using Pprof.Collector.Metadata;

namespace Pprof.Collector;

/// <summary>
/// Turns the call stacks that <see cref="TraceLog"/> resolved into profile stacks: a frame per method and source
/// line, named <c>Namespace.Type.Method</c> (the signature kept as the system name), with the file and line where
/// the module's PDB gives them, and a mapping per module. Where the JIT inlined calls, the frame's location lists the
/// inlined methods too (<see cref="InlinedCalls"/>). Return addresses on one line, and the method's tiered
/// recompilations, share the frame, so that stacks that read the same add up as one.
/// </summary>
internal sealed class ManagedStacks : IDisposable
{
    private readonly ProfileBuilder _builder;
    private readonly Dictionary<(CodeAddressIndex, FrameActivity?), int> _frames = [];
    private readonly Dictionary<CodeAddressIndex, Calling?> _calls = [];
    private readonly Dictionary<string, Allocating> _allocations = new(StringComparer.Ordinal);
    private readonly List<int> _stack = [];
    private readonly SourceLines _sourceLines = new();
    private ModuleCatalog? _modules;
    private InlinedCalls? _inlinedCalls;

    private readonly Lazy<ProcessMaps>? _maps;

    /// <param name="processId">The traced process, whose mapped files name native frames; null to leave them as addresses.</param>
    public ManagedStacks(ProfileBuilder builder, int? processId = null)
    {
        _builder = builder;
        _maps = processId is { } id ? new Lazy<ProcessMaps>(() => ProcessMaps.Of(id)) : null;
    }

    /// <summary>Location indices, leaf first; empty for an event without a managed stack.</summary>
    /// <param name="allocatedType">For an allocation's stack, the type allocated, which tells what the leaf did.</param>
    public int[] Resolve(TraceCallStack? callStack, string? allocatedType = null)
    {
        _stack.Clear();
        FrameActivity? activity = allocatedType is null ? null : Allocation(allocatedType);
        for (var frame = callStack; frame is not null; frame = frame.Caller)
        {
            _stack.Add(Frame(frame.CodeAddress, activity));
            activity = CallTo(frame.CodeAddress);
        }

        return [.. _stack];
    }

    public void Dispose()
    {
        _sourceLines.Dispose();
        _modules?.Dispose();
    }

    // Names are stripped once per address and type, not per sample.
    private Calling? CallTo(TraceCodeAddress code)
    {
        if (!_calls.TryGetValue(code.CodeAddressIndex, out var call))
        {
            var method = code.FullMethodName;
            call = method.Length > 0 ? new Calling(GenericNames.Method(method)) : null;
            _calls[code.CodeAddressIndex] = call;
        }

        return call;
    }

    private Allocating Allocation(string typeName)
    {
        if (!_allocations.TryGetValue(typeName, out var allocation))
        {
            allocation = new Allocating(GenericNames.Strip(typeName));
            _allocations[typeName] = allocation;
        }

        return allocation;
    }

    private int Frame(TraceCodeAddress code, FrameActivity? activity)
    {
        if (_frames.TryGetValue((code.CodeAddressIndex, activity), out var frame))
        {
            return frame;
        }

        var module = code.ModuleFile is { } file
            ? _builder.Module(file.FilePath.Length > 0 ? file.FilePath : file.Name, file.ImageBase, (ulong)file.ImageSize)
            : null;
        var signature = code.FullMethodName;
        var name = MethodName(signature, code);
        var chain = signature.Length > 0 && activity is not null ? Inlined(code, activity) : null;
        if (chain is { Lines.Count: > 1 })
        {
            var lines = new FrameLine[chain.Lines.Count];
            for (var i = 0; i < lines.Length; i++)
            {
                var line = chain.Lines[lines.Length - 1 - i];
                lines[i] = i == lines.Length - 1
                    ? new FrameLine(name, signature, line.File, line.Line)
                    : new FrameLine(line.Method, line.Method, line.File, line.Line);
            }

            frame = _builder.Frame(lines, module);
        }
        else
        {
            var source = signature.Length > 0 ? _sourceLines.Find(code) : null;
            frame = _builder.Frame(name, signature, module, source?.File ?? "", source?.Line ?? 0);
        }

        _frames[(code.CodeAddressIndex, activity)] = frame;
        return frame;
    }

    private InlineChain? Inlined(TraceCodeAddress code, FrameActivity activity)
    {
        if (code.Method is not { MethodToken: not 0 and var token } || code.ModuleFile is not { FilePath.Length: > 0 } file)
        {
            return null;
        }

        _inlinedCalls ??= new InlinedCalls(_modules = new ModuleCatalog(LoadedModules(code)));
        return _inlinedCalls.Find(file.FilePath, token, code.ILOffset, activity);
    }

    private static IEnumerable<string> LoadedModules(TraceCodeAddress code) =>
        code.CodeAddresses.ModuleFiles.Select(file => file.FilePath).Where(path => path.Length > 0);

    private string MethodName(string signature, TraceCodeAddress code)
    {
        if (signature.Length == 0)
        {
            return code.ModuleName.Length > 0 ? $"{code.ModuleName}!0x{code.Address:x}"
                : _maps?.Value.Name(code.Address) ?? $"0x{code.Address:x}";
        }

        var arguments = signature.IndexOf('(', StringComparison.Ordinal);
        return arguments > 0 ? signature[..arguments] : signature;
    }
}
