using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Pprof.Collector.Metadata;

namespace Pprof.Collector.Inlining;

/// <summary>
/// Finds the methods the JIT inlined at a frame's address. The runtime's IL-to-native map charges inlined code to the
/// statement of the root method that made the call, so the address tells the statement; the stack tells what the code
/// there was doing (allocating a type, or calling the next frame's method). Reading the IL of the statement and of the
/// methods it calls, the chain is the path from the statement to an instruction that does that, through methods the JIT
/// may inline. It is given only when exactly one path fits: otherwise the frame stays as the runtime named it.
/// </summary>
/// <remarks>
/// A method that was not inlined would be a frame of its own, so every method on the path was inlined. Calls through
/// virtual methods, interfaces and delegates are not followed (the JIT inlines them only when it can devirtualize), nor
/// methods larger than the JIT inlines without profile data, unless marked AggressiveInlining.
/// </remarks>
internal sealed class InlinedCalls(ModuleCatalog modules)
{
    private const int MaxDepth = 5;
    private const int MaxInlinedILBytes = 128;
    private readonly Dictionary<(MethodInModule, FrameActivity, int), List<Step[]>> _bodies = [];

    /// <summary>Null when the statement or a single path cannot be found.</summary>
    public InlineChain? Find(string modulePath, int methodToken, int ilOffset, FrameActivity activity)
    {
        if (ilOffset < 0 || modules.Open(modulePath) is not { } module
            || MetadataTokens.EntityHandle(methodToken) is not { Kind: HandleKind.MethodDefinition } handle)
        {
            return null;
        }

        var root = new MethodInModule(module, (MethodDefinitionHandle)handle);
        var statement = module.Statement(root.Handle, ilOffset);
        var paths = statement is null ? [] : Paths(root, statement.Start, statement.End, activity, 0);

        // A return address can be the first instruction of the statement after the call's.
        if (paths.Count == 0 && statement is { Start: > 0 } && module.Statement(root.Handle, statement.Start - 1) is { } previous)
        {
            paths = Paths(root, previous.Start, previous.End, activity, 0);
        }

        return paths is [var path] ? Chain(path) : null;
    }

    private static InlineChain Chain(Step[] path)
    {
        var lines = new InlinedLine[path.Length];
        for (var i = 0; i < path.Length; i++)
        {
            var (method, offset) = path[i];
            var statement = method.Module.Statement(method.Handle, offset);
            lines[i] = new InlinedLine(method.Module.MethodName(method.Handle), statement?.File ?? "", statement?.Line ?? 0);
        }

        return new InlineChain(lines);
    }

    /// <summary>The paths from the IL in [from, to) of a method to the activity, at most two: two are ambiguous.</summary>
    private List<Step[]> Paths(MethodInModule method, int from, int to, FrameActivity activity, int depth)
    {
        var paths = new List<Step[]>();
        var body = method.Module.Body(method.Handle);
        for (var i = 0; i < body.Count; i++)
        {
            var instruction = body[i];
            if (instruction.Offset < from || instruction.Offset >= to || IsNullCheck(body, i))
            {
                continue;
            }

            if (Does(method.Module, instruction, activity))
            {
                paths.Add([new Step(method, instruction.Offset)]);
            }

            if (depth < MaxDepth && Inlinable(method.Module, instruction) is { } callee && callee != method)
            {
                foreach (var inner in Body(callee, activity, depth + 1))
                {
                    paths.Add([new Step(method, instruction.Offset), .. inner]);
                }
            }

            if (paths.Count > 1)
            {
                break;
            }
        }

        return paths;
    }

    private List<Step[]> Body(MethodInModule method, FrameActivity activity, int depth)
    {
        if (!_bodies.TryGetValue((method, activity, depth), out var paths))
        {
            paths = Paths(method, 0, int.MaxValue, activity, depth);
            _bodies[(method, activity, depth)] = paths;
        }

        return paths;
    }

    /// <summary>A <c>box</c> only tested or cast, as generic code checks for null: the JIT allocates nothing.</summary>
    private static bool IsNullCheck(List<ILInstruction> body, int index) =>
        body[index].OpCode == ILOpCode.Box && index + 1 < body.Count && body[index + 1].OpCode is ILOpCode.Brtrue
            or ILOpCode.Brtrue_s or ILOpCode.Brfalse or ILOpCode.Brfalse_s or ILOpCode.Isinst or ILOpCode.Unbox_any;

    private bool Does(ModuleMetadata module, ILInstruction instruction, FrameActivity activity)
    {
        switch (activity, instruction.OpCode)
        {
            case (Allocating allocating, ILOpCode.Newobj):
                return modules.Method(module, instruction.Token) is not { } constructor
                    || GenericNames.SameType(GenericNames.Strip(constructor.TypeName), allocating.TypeName);
            case (Allocating allocating, ILOpCode.Newarr):
                return ModuleCatalog.TypeName(module, MetadataTokens.EntityHandle(instruction.Token)) is not { } element
                    || GenericNames.SameType(GenericNames.Strip(element) + "[]", allocating.TypeName);
            case (Allocating allocating, ILOpCode.Box):
                return ModuleCatalog.TypeName(module, MetadataTokens.EntityHandle(instruction.Token)) is not { } boxed
                    || GenericNames.SameType(GenericNames.Strip(boxed), allocating.TypeName);
            case (Calling, ILOpCode.Calli):
                return true;
            case (Calling calling, ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj):
                if (modules.Method(module, instruction.Token) is not { } target)
                {
                    return true;
                }

                // A virtual call lands in an override, a delegate's Invoke in its target: the callee's type can differ.
                return GenericNames.Strip($"{target.TypeName}.{target.Name}") == calling.Method
                    || (instruction.OpCode == ILOpCode.Callvirt && (target.Name == calling.ShortName || target.Name == "Invoke"));
            default:
                return false;
        }
    }

    /// <summary>The method a direct call enters, when the JIT may have inlined it there.</summary>
    private MethodInModule? Inlinable(ModuleMetadata module, ILInstruction instruction)
    {
        if (instruction.OpCode is not (ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj)
            || modules.Method(module, instruction.Token)?.Definition is not { } callee)
        {
            return null;
        }

        var definition = callee.Module.Reader.GetMethodDefinition(callee.Handle);
        var virtualCall = instruction.OpCode == ILOpCode.Callvirt
            && (definition.Attributes & (MethodAttributes.Virtual | MethodAttributes.Final)) == MethodAttributes.Virtual;
        if (virtualCall || callee.Module.HasImplementation(callee.Handle, MethodImplAttributes.NoInlining))
        {
            return null;
        }

        var size = callee.Module.BodySize(callee.Handle);
        return size > 0 && (size <= MaxInlinedILBytes || callee.Module.HasImplementation(callee.Handle, MethodImplAttributes.AggressiveInlining))
            ? callee
            : null;
    }

    private readonly record struct Step(MethodInModule Method, int Offset);
}

/// <summary>The chain at an address, the physical method first and the innermost inlined method last.</summary>
internal sealed record InlineChain(IReadOnlyList<InlinedLine> Lines);

/// <summary>A method of the chain with the source line it was at, 0 when its PDB is not on this machine.</summary>
internal sealed record InlinedLine(string Method, string File, int Line);
