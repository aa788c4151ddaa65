using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Pprof.Collector.Metadata;

/// <summary>
/// An assembly on disk as the JIT saw it: its methods' IL and, with its portable PDB, their sequence points.
/// </summary>
internal sealed class ModuleMetadata : IDisposable
{
    private readonly PEReader _image;
    private readonly MetadataReaderProvider? _symbols;
    private readonly Dictionary<MethodDefinitionHandle, List<ILInstruction>> _bodies = [];
    private Dictionary<string, TypeDefinitionHandle>? _topLevelTypes;

    private ModuleMetadata(PEReader image, MetadataReaderProvider? symbols)
    {
        _image = image;
        _symbols = symbols;
        Reader = image.GetMetadataReader();
        Symbols = symbols?.GetMetadataReader();
    }

    public MetadataReader Reader { get; }
    public MetadataReader? Symbols { get; }
    public string AssemblyName => Reader.IsAssembly ? Reader.GetString(Reader.GetAssemblyDefinition().Name) : "";

    /// <summary>Null when the file is missing or is not a managed assembly.</summary>
    public static ModuleMetadata? Open(string path)
    {
        PEReader? image = null;
        try
        {
            image = new PEReader(File.OpenRead(path));
            if (!image.HasMetadata)
            {
                image.Dispose();
                return null;
            }

            image.TryOpenAssociatedPortablePdb(path, OpenIfPresent, out var symbols, out _);
            return new ModuleMetadata(image, symbols);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or BadImageFormatException
            or InvalidOperationException)
        {
            image?.Dispose();
            return null;
        }
    }

    /// <summary>The method's IL, decoded once; empty for a method without a body here.</summary>
    public List<ILInstruction> Body(MethodDefinitionHandle method)
    {
        if (!_bodies.TryGetValue(method, out var body))
        {
            var rva = Reader.GetMethodDefinition(method).RelativeVirtualAddress;
            body = rva == 0 ? [] : ILInstruction.Decode(_image.GetMethodBody(rva).GetILContent().AsSpan());
            _bodies[method] = body;
        }

        return body;
    }

    public int BodySize(MethodDefinitionHandle method)
    {
        var rva = Reader.GetMethodDefinition(method).RelativeVirtualAddress;
        return rva == 0 ? 0 : _image.GetMethodBody(rva).GetILReader().Length;
    }

    /// <summary>The sequence point that holds the IL offset: its source file and line, and the IL it covers.</summary>
    public SourceStatement? Statement(MethodDefinitionHandle method, int ilOffset)
    {
        if (Symbols is null)
        {
            return null;
        }

        var information = Symbols.GetMethodDebugInformation(method.ToDebugInformationHandle());
        SequencePoint? holder = null;
        var end = int.MaxValue;
        foreach (var point in information.GetSequencePoints())
        {
            if (point.Offset <= ilOffset)
            {
                holder = point;
                end = int.MaxValue;
            }
            else if (point.Offset < end)
            {
                end = point.Offset;
            }
        }

        if (holder is not { IsHidden: false } found)
        {
            return null;
        }

        var file = Symbols.GetString(Symbols.GetDocument(found.Document).Name);
        return new SourceStatement(file, found.StartLine, found.Offset, end);
    }

    /// <summary>The type of that full name that is not nested in another.</summary>
    public TypeDefinitionHandle? TopLevelType(string fullName)
    {
        _topLevelTypes ??= Reader.TypeDefinitions
            .Where(type => Reader.GetTypeDefinition(type).GetDeclaringType().IsNil)
            .GroupBy(TypeName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return _topLevelTypes.TryGetValue(fullName, out var type) ? type : null;
    }

    public string MethodName(MethodDefinitionHandle method)
    {
        var definition = Reader.GetMethodDefinition(method);
        return $"{TypeName(definition.GetDeclaringType())}.{Reader.GetString(definition.Name)}";
    }

    public string TypeName(TypeDefinitionHandle type)
    {
        var definition = Reader.GetTypeDefinition(type);
        var name = Reader.GetString(definition.Name);
        var declaring = definition.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return $"{TypeName(declaring)}+{name}";
        }

        var space = Reader.GetString(definition.Namespace);
        return space.Length > 0 ? $"{space}.{name}" : name;
    }

    public string TypeName(TypeReferenceHandle type)
    {
        var reference = Reader.GetTypeReference(type);
        var name = Reader.GetString(reference.Name);
        if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return $"{TypeName((TypeReferenceHandle)reference.ResolutionScope)}+{name}";
        }

        var space = Reader.GetString(reference.Namespace);
        return space.Length > 0 ? $"{space}.{name}" : name;
    }

    public bool HasImplementation(MethodDefinitionHandle method, MethodImplAttributes attribute) =>
        (Reader.GetMethodDefinition(method).ImplAttributes & attribute) != 0;

    public void Dispose()
    {
        _symbols?.Dispose();
        _image.Dispose();
    }

    private static Stream? OpenIfPresent(string path) => File.Exists(path) ? File.OpenRead(path) : null;
}

/// <summary>A sequence point: the source line of the IL in [Start, End).</summary>
internal sealed record SourceStatement(string File, int Line, int Start, int End);
