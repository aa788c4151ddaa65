using System.Text.RegularExpressions;

namespace Pprof.Leaks;

/// <summary>
/// Shortens the runtime's type names for a report: namespaces and arities dropped, a nested type by its own name,
/// generic arguments in C#'s brackets: <c>System.Collections.Generic.Dictionary`2[System.Int32,App.Session]</c>
/// becomes <c>Dictionary&lt;Int32, Session&gt;</c>.
/// </summary>
public static partial class DotnetTypeNames
{
    public static string Short(string name)
    {
        var position = 0;
        var text = Parse(name, ref position);
        return position < name.Length ? text + name[position..] : text;
    }

    private static string Parse(string name, ref int position)
    {
        var start = position;
        while (position < name.Length && name[position] is not ('[' or ']' or ','))
        {
            position++;
        }

        var text = Identifier(name[start..position]);
        if (position < name.Length && name[position] == '[' && !IsArrayBracket(name, position))
        {
            position++;
            var arguments = new List<string>();
            while (position < name.Length && name[position] != ']')
            {
                if (name[position] == ',')
                {
                    position++;
                }
                else if (name[position] == '[')
                {
                    // An assembly-qualified argument, [Type, Assembly, ...]: the type only.
                    position++;
                    arguments.Add(Parse(name, ref position));
                    var end = name.IndexOf(']', position);
                    position = end < 0 ? name.Length : end + 1;
                }
                else
                {
                    arguments.Add(Parse(name, ref position));
                }
            }

            position = Math.Min(position + 1, name.Length);
            text += "<" + string.Join(", ", arguments) + ">";
        }

        while (position < name.Length && name[position] == '[' && IsArrayBracket(name, position))
        {
            var end = name.IndexOf(']', position);
            text += name[position..(end + 1)];
            position = end + 1;
        }

        return text;
    }

    private static bool IsArrayBracket(string name, int position) =>
        position + 1 < name.Length && name[position + 1] is ']' or ',' && name.IndexOf(']', position) > 0;

    private static string Identifier(string raw)
    {
        var plain = Arity().Replace(raw.Trim(), "");
        var start = Math.Max(plain.LastIndexOf('+'), plain.LastIndexOf('.'));
        return start >= 0 && start < plain.Length - 1 ? plain[(start + 1)..] : plain;
    }

    [GeneratedRegex("`[0-9]+")]
    private static partial Regex Arity();
}
