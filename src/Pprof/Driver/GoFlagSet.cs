using System.Globalization;

namespace Pprof.Driver;

/// <summary>The kinds of value a flag takes.</summary>
internal enum FlagKind
{
    Bool,
    Int,
    Float,
    String,
}

/// <summary>One command-line flag: its name, kind, default and one line of help.</summary>
internal sealed record FlagDefinition(string Name, FlagKind Kind, string Default, string Help, string Group);

/// <summary>
/// Parses flags the way Go's flag package does, so that pasted <c>go tool pprof</c> command lines work:
/// one or two dashes, <c>-name=value</c> or <c>-name value</c>, booleans as <c>-name</c> or <c>-name=false</c>.
/// Unlike Go, flags may also follow the profile names; <c>--</c> ends the flags.
/// </summary>
internal sealed class GoFlagSet
{
    private readonly Dictionary<string, FlagDefinition> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public IEnumerable<FlagDefinition> Definitions => _definitions.Values;

    public void Define(FlagDefinition definition) => _definitions.Add(definition.Name, definition);

    public bool IsDefined(string name) => _definitions.ContainsKey(name);

    /// <summary>Parses <paramref name="args"/>; returns the positional arguments.</summary>
    public List<string> Parse(IReadOnlyList<string> args)
    {
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positional.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                positional.Add(arg);
                continue;
            }

            var name = arg[(arg[1] == '-' ? 2 : 1)..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }

            if (name.Length == 0 || name[0] == '-' || name[0] == '=')
            {
                throw new UsageException($"bad flag syntax: {arg}");
            }

            if (!_definitions.TryGetValue(name, out var definition))
            {
                throw new UsageException($"flag provided but not defined: -{name}");
            }

            if (definition.Kind == FlagKind.Bool)
            {
                value ??= "true";
            }
            else if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"flag needs an argument: -{name}");
                }

                value = args[++i];
            }

            Validate(definition, value);
            if (!_values.TryGetValue(name, out var list))
            {
                _values[name] = list = [];
            }

            list.Add(value);
        }

        return positional;
    }

    public bool IsSet(string name) => _values.ContainsKey(name);

    /// <summary>The last value given, or the default.</summary>
    public string String(string name) =>
        _values.TryGetValue(name, out var list) ? list[^1] : _definitions[name].Default;

    /// <summary>Every value given, for flags that may repeat (<c>-base</c>).</summary>
    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public bool Bool(string name) => ParseBool(String(name)) ?? false;

    public int Int(string name) => int.Parse(String(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public double Float(string name) => double.Parse(String(name), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void Validate(FlagDefinition definition, string value)
    {
        var valid = definition.Kind switch
        {
            FlagKind.Bool => ParseBool(value) is not null,
            FlagKind.Int => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            FlagKind.Float => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            _ => true,
        };
        if (!valid)
        {
            var expected = definition.Kind switch
            {
                FlagKind.Bool => "true or false",
                FlagKind.Int => "an integer",
                _ => "a number",
            };
            throw new UsageException($"invalid value \"{value}\" for flag -{definition.Name}: expected {expected}");
        }
    }

    private static bool? ParseBool(string value) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => null,
    };
}
