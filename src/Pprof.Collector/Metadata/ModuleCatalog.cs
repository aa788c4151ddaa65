using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Pprof.Collector.Metadata;

/// <summary>
/// The assemblies a traced process loaded, opened from disk on first use, and what their tokens refer to: the method a
/// <c>call</c> names, even in another assembly, and the type a <c>newobj</c>, <c>newarr</c> or <c>box</c> allocates.
/// </summary>
internal sealed class ModuleCatalog(IEnumerable<string> loadedPaths) : IDisposable
{
    private readonly Dictionary<string, string> _pathsByAssembly = loadedPaths
        .GroupBy(Path.GetFileNameWithoutExtension, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key!, g => g.First(), StringComparer.OrdinalIgnoreCase);

    private readonly Dictionary<string, ModuleMetadata?> _modules = new(StringComparer.Ordinal);

    public ModuleMetadata? Open(string path)
    {
        if (!_modules.TryGetValue(path, out var module))
        {
            module = ModuleMetadata.Open(path);
            _modules[path] = module;
        }

        return module;
    }

    /// <summary>The method a call instruction's token names; null for tokens that are not methods.</summary>
    public CallTarget? Method(ModuleMetadata module, int token)
    {
        var handle = MetadataTokens.EntityHandle(token);
        var reader = module.Reader;
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                var method = (MethodDefinitionHandle)handle;
                var declaring = reader.GetMethodDefinition(method).GetDeclaringType();
                return new CallTarget(module.TypeName(declaring), reader.GetString(reader.GetMethodDefinition(method).Name),
                    new MethodInModule(module, method));
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                if (member.GetKind() != MemberReferenceKind.Method)
                {
                    return null;
                }

                var name = reader.GetString(member.Name);
                var (typeName, definingType) = Parent(module, member.Parent);
                return new CallTarget(typeName ?? "", name, definingType is var (owner, type)
                    ? Find(owner, type, name, ParameterCount(reader.GetBlobReader(member.Signature)))
                    : null);
            case HandleKind.MethodSpecification:
                return Method(module, MetadataTokens.GetToken(reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method));
            default:
                return null;
        }
    }

    /// <summary>The name of the type a token names, without generic arguments; null when it depends on them.</summary>
    public static string? TypeName(ModuleMetadata module, EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeDefinition => module.TypeName((TypeDefinitionHandle)handle),
        HandleKind.TypeReference => module.TypeName((TypeReferenceHandle)handle),
        HandleKind.TypeSpecification => SignatureTypeName(module,
            module.Reader.GetBlobReader(module.Reader.GetTypeSpecification((TypeSpecificationHandle)handle).Signature)),
        _ => null,
    };

    public void Dispose()
    {
        foreach (var module in _modules.Values)
        {
            module?.Dispose();
        }
    }

    /// <summary>The name of the type a signature blob starts with, without generic arguments; null when it depends on them.</summary>
    public static string? SignatureTypeName(ModuleMetadata module, BlobReader blob)
    {
        var code = blob.ReadSignatureTypeCode();
        switch (code)
        {
            case SignatureTypeCode.GenericTypeInstance:
                blob.ReadSignatureTypeCode();
                return TypeName(module, blob.ReadTypeHandle());
            case SignatureTypeCode.SZArray:
                return SignatureTypeName(module, blob) is { } element ? element + "[]" : null;
            case SignatureTypeCode.TypeHandle:
                return TypeName(module, blob.ReadTypeHandle());
            default:
                return PrimitiveNames.GetValueOrDefault(code);
        }
    }

    private static readonly Dictionary<SignatureTypeCode, string> PrimitiveNames = new()
    {
        [SignatureTypeCode.Boolean] = "System.Boolean", [SignatureTypeCode.Char] = "System.Char",
        [SignatureTypeCode.SByte] = "System.SByte", [SignatureTypeCode.Byte] = "System.Byte",
        [SignatureTypeCode.Int16] = "System.Int16", [SignatureTypeCode.UInt16] = "System.UInt16",
        [SignatureTypeCode.Int32] = "System.Int32", [SignatureTypeCode.UInt32] = "System.UInt32",
        [SignatureTypeCode.Int64] = "System.Int64", [SignatureTypeCode.UInt64] = "System.UInt64",
        [SignatureTypeCode.Single] = "System.Single", [SignatureTypeCode.Double] = "System.Double",
        [SignatureTypeCode.IntPtr] = "System.IntPtr", [SignatureTypeCode.UIntPtr] = "System.UIntPtr",
        [SignatureTypeCode.String] = "System.String", [SignatureTypeCode.Object] = "System.Object",
    };

    /// <summary>The parent type's name and, when it can be found, the module and definition that declare it.</summary>
    private (string? Name, (ModuleMetadata, TypeDefinitionHandle)? Definition) Parent(ModuleMetadata module, EntityHandle parent)
    {
        switch (parent.Kind)
        {
            case HandleKind.TypeDefinition:
                return (module.TypeName((TypeDefinitionHandle)parent), (module, (TypeDefinitionHandle)parent));
            case HandleKind.TypeReference:
                return (module.TypeName((TypeReferenceHandle)parent), Resolve(module, (TypeReferenceHandle)parent));
            case HandleKind.TypeSpecification:
                var blob = module.Reader.GetBlobReader(module.Reader.GetTypeSpecification((TypeSpecificationHandle)parent).Signature);
                if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
                {
                    return (null, null);
                }

                blob.ReadSignatureTypeCode();
                return Parent(module, blob.ReadTypeHandle());
            default:
                return (null, null);
        }
    }

    private (ModuleMetadata, TypeDefinitionHandle)? Resolve(ModuleMetadata module, TypeReferenceHandle handle)
    {
        var reference = module.Reader.GetTypeReference(handle);
        var scope = reference.ResolutionScope;
        if (scope.Kind == HandleKind.TypeReference)
        {
            return Resolve(module, (TypeReferenceHandle)scope) is var (owner, outer)
                ? Nested(owner, outer, module.Reader.GetString(reference.Name))
                : null;
        }

        var target = scope.Kind switch
        {
            HandleKind.AssemblyReference => Assembly(module.Reader.GetString(
                module.Reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name)),
            HandleKind.ModuleDefinition => module,
            _ => null,
        };
        if (target is null)
        {
            return null;
        }

        var fullName = module.TypeName(handle);
        if (target.TopLevelType(fullName) is { } defined)
        {
            return (target, defined);
        }

        // A type forwarded elsewhere (System.Runtime to System.Private.CoreLib) is found where it is forwarded to.
        foreach (var exported in target.Reader.ExportedTypes)
        {
            var forwarded = target.Reader.GetExportedType(exported);
            if (forwarded.IsForwarder && forwarded.Implementation.Kind == HandleKind.AssemblyReference
                && target.Reader.GetString(forwarded.Name) == module.Reader.GetString(reference.Name)
                && target.Reader.GetString(forwarded.Namespace) == module.Reader.GetString(reference.Namespace)
                && Assembly(target.Reader.GetString(target.Reader.GetAssemblyReference(
                    (AssemblyReferenceHandle)forwarded.Implementation).Name)) is { } destination)
            {
                return destination.TopLevelType(fullName) is { } moved ? (destination, moved) : null;
            }
        }

        return null;
    }

    private static (ModuleMetadata, TypeDefinitionHandle)? Nested(ModuleMetadata module, TypeDefinitionHandle outer, string name)
    {
        foreach (var nested in module.Reader.GetTypeDefinition(outer).GetNestedTypes())
        {
            if (module.Reader.GetString(module.Reader.GetTypeDefinition(nested).Name) == name)
            {
                return (module, nested);
            }
        }

        return null;
    }

    private ModuleMetadata? Assembly(string name) =>
        _pathsByAssembly.TryGetValue(name, out var path) ? Open(path) : null;

    /// <summary>The method of that name and parameter count, when exactly one fits.</summary>
    private static MethodInModule? Find(ModuleMetadata module, TypeDefinitionHandle type, string name, int parameters)
    {
        MethodInModule? found = null;
        foreach (var handle in module.Reader.GetTypeDefinition(type).GetMethods())
        {
            var method = module.Reader.GetMethodDefinition(handle);
            if (module.Reader.GetString(method.Name) == name
                && ParameterCount(module.Reader.GetBlobReader(method.Signature)) == parameters)
            {
                if (found is not null)
                {
                    return null;
                }

                found = new MethodInModule(module, handle);
            }
        }

        return found;
    }

    private static int ParameterCount(BlobReader signature)
    {
        var header = signature.ReadSignatureHeader();
        if (header.IsGeneric)
        {
            signature.ReadCompressedInteger();
        }

        return signature.ReadCompressedInteger();
    }
}

/// <summary>A method with its IL at hand.</summary>
internal readonly record struct MethodInModule(ModuleMetadata Module, MethodDefinitionHandle Handle);

/// <summary>What a call instruction names: the declaring type and method, and its definition when found.</summary>
internal sealed record CallTarget(string TypeName, string Name, MethodInModule? Definition);
