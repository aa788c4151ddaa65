using System.Text;

namespace Pprof.Profiles;

/// <summary>How much of a C++ name pprof keeps: <c>-symbolize=demangle=MODE</c>.</summary>
internal enum DemangleMode
{
    /// <summary>No argument lists, no template arguments (pprof's default).</summary>
    Simplified,

    /// <summary>No argument lists; template arguments kept (<c>demangle=templates</c>).</summary>
    Templates,

    /// <summary>Names as the profile has them (<c>demangle=full</c>, <c>demangle=none</c>).</summary>
    Full,
}

/// <summary>
/// The names pprof's symbolizer gives functions after reading a profile: a function whose name is empty or its
/// system name, and that looks like demangled C++ (<c>::</c>, <c>&lt;&gt;</c> or <c>[]</c>, but not a Java
/// <c>.&lt;init&gt;</c> nor a Go generic method <c>(*T[...]).M</c>), loses its argument lists and template arguments.
/// Mangled names (<c>_Z...</c>) are not demangled.
/// </summary>
internal static class DemangledNames
{
    /// <param name="force">Start again from the system names, as an explicit <c>demangle=</c> mode does.</param>
    public static void Simplify(Profile profile, DemangleMode mode, bool force)
    {
        foreach (var function in profile.Functions)
        {
            if (force && function.Name.Length != 0 && function.SystemName.Length != 0)
            {
                function.Name = function.SystemName;
            }

            if (function.Name.Length == 0 || function.Name == function.SystemName)
            {
                function.Name = Simplify(function.SystemName, mode);
            }
        }
    }

    public static string Simplify(string name, DemangleMode mode)
    {
        if (mode == DemangleMode.Full || !LooksLikeDemangledCpp(name))
        {
            return name;
        }

        name = WithoutBrackets(name, '(', ')');
        return mode == DemangleMode.Simplified ? WithoutBrackets(name, '<', '>') : name;
    }

    private static bool LooksLikeDemangledCpp(string name) =>
        !name.Contains(".<", StringComparison.Ordinal)
        && !name.Contains("]).", StringComparison.Ordinal)
        && (name.AsSpan().ContainsAny("<>[]") || name.Contains("::", StringComparison.Ordinal));

    /// <summary>
    /// Removes every outermost <paramref name="open"/>...<paramref name="close"/>; from an unmatched bracket on, the name
    /// stays as it is.
    /// </summary>
    private static string WithoutBrackets(string name, char open, char close)
    {
        if (name.IndexOfAny([open, close]) < 0)
        {
            return name;
        }

        var kept = new StringBuilder(name.Length);
        var depth = 0;
        var outermost = 0;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == open && depth++ == 0)
            {
                outermost = i;
            }
            else if (c == close && depth == 0)
            {
                return kept.Append(name, i, name.Length - i).ToString();
            }
            else if (c == close)
            {
                depth--;
            }
            else if (depth == 0)
            {
                kept.Append(c);
            }
        }

        return depth == 0 ? kept.ToString() : kept.Append(name, outermost, name.Length - outermost).ToString();
    }
}
