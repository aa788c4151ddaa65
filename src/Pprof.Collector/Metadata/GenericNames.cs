using System.Text;

namespace Pprof.Collector.Metadata;

/// <summary>
/// Type and method names compared without generic arguments: the runtime names instantiations
/// (<c>List`1[System.String]</c>), metadata names definitions (<c>List`1</c>); arrays keep their brackets.
/// </summary>
internal static class GenericNames
{
    public static string Strip(string name)
    {
        if (!name.Contains('`', StringComparison.Ordinal))
        {
            return name;
        }

        var stripped = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] is '[' or '<' && AfterArity(stripped))
            {
                i = ClosingBracket(name, i);
                continue;
            }

            stripped.Append(name[i]);
        }

        return stripped.ToString();
    }

    /// <summary>
    /// Whether a type named by metadata (<c>Outer+Inner</c>, with its namespace) is the one the runtime named: its events
    /// name a nested type without its declaring type (<c>UTF8EncodingSealed</c>). Both without generic arguments.
    /// </summary>
    public static bool SameType(string metadataName, string runtimeName) =>
        metadataName == runtimeName || (metadataName.EndsWith(runtimeName, StringComparison.Ordinal)
            && metadataName[^(runtimeName.Length + 1)] is '+' or '.');

    /// <summary>A frame's method name without its signature and generic arguments.</summary>
    public static string Method(string fullMethodName)
    {
        var arguments = fullMethodName.IndexOf('(', StringComparison.Ordinal);
        return Strip(arguments > 0 ? fullMethodName[..arguments] : fullMethodName);
    }

    private static bool AfterArity(StringBuilder name)
    {
        var i = name.Length - 1;
        while (i >= 0 && char.IsAsciiDigit(name[i]))
        {
            i--;
        }

        return i >= 0 && i < name.Length - 1 && name[i] == '`';
    }

    private static int ClosingBracket(string name, int open)
    {
        var depth = 0;
        for (var i = open; i < name.Length; i++)
        {
            if (name[i] is '[' or '<')
            {
                depth++;
            }
            else if (name[i] is ']' or '>' && --depth == 0)
            {
                return i;
            }
        }

        return name.Length;
    }
}
