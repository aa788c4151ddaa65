using System.Reflection;
using System.Reflection.Metadata;

namespace Pprof.Collector.Metadata;

/// <summary>
/// The classes that can declare a static field, found by the field's name among the statics of the loaded assemblies:
/// the runtime's static roots name the field and the type of its value, not the class. A field whose declared type is
/// the value's type fits; when none is, every static of that name does (the value may be of a derived type).
/// </summary>
internal sealed class StaticFieldOwners(ModuleCatalog modules, IReadOnlyList<string> assemblyPaths)
{
    private Dictionary<string, List<(string Owner, string? FieldType)>>? _fields;

    /// <summary>The full names of the classes that fit, in order; empty when none does.</summary>
    public IReadOnlyList<string> Find(string field, string valueType)
    {
        _fields ??= Index();
        if (!_fields.TryGetValue(field, out var candidates))
        {
            return [];
        }

        var value = GenericNames.Strip(valueType);
        var exact = candidates.Where(c => c.FieldType is { } type && GenericNames.SameType(GenericNames.Strip(type), value)).ToList();
        return [.. (exact.Count > 0 ? exact : candidates).Select(c => c.Owner).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The root's name: <c>[static] Owner.Field: ValueType</c>, or the candidates when a few fit, or how many when more
    /// do. No parentheses: pprof takes a name with brackets for C++ and drops what is between them.
    /// </summary>
    public string RootName(string kind, string field, string valueType) => Find(field, valueType) switch
    {
        [] => $"{kind} {field}: {valueType}",
        { Count: <= MaxNamedOwners } owners => $"{kind} {string.Join(" or ", owners.Select(owner => $"{owner}.{field}"))}: {valueType}",
        var owners => $"{kind} {field} of one of {owners.Count} classes: {valueType}",
    };

    private const int MaxNamedOwners = 3;

    private Dictionary<string, List<(string Owner, string? FieldType)>> Index()
    {
        var fields = new Dictionary<string, List<(string, string?)>>(StringComparer.Ordinal);
        foreach (var path in assemblyPaths)
        {
            if (modules.Open(path) is not { } module)
            {
                continue;
            }

            var reader = module.Reader;
            foreach (var handle in reader.FieldDefinitions)
            {
                var definition = reader.GetFieldDefinition(handle);
                if ((definition.Attributes & (FieldAttributes.Static | FieldAttributes.Literal)) != FieldAttributes.Static)
                {
                    continue;
                }

                var name = reader.GetString(definition.Name);
                if (!fields.TryGetValue(name, out var owners))
                {
                    owners = [];
                    fields[name] = owners;
                }

                owners.Add((module.TypeName(definition.GetDeclaringType()), FieldType(module, definition)));
            }
        }

        return fields;
    }

    private static string? FieldType(ModuleMetadata module, FieldDefinition field)
    {
        var signature = module.Reader.GetBlobReader(field.Signature);
        return signature.ReadSignatureHeader().Kind == SignatureKind.Field ? ModuleCatalog.SignatureTypeName(module, signature) : null;
    }
}
