using System.Text;

namespace Pprof.Leaks;

/// <summary>
/// Shortens the runtime's type names for a report: namespaces dropped and generic arguments in C#'s brackets,
/// <c>System.Collections.Generic.Dictionary`2[System.Int32,App.Session]</c> becoming <c>Dictionary&lt;Int32, Session&gt;</c>.
/// </summary>
public static class DotnetTypeNames
{
    public static string Short(string name)
    {
        var output = new StringBuilder(name.Length);
        var position = 0;
        AppendType(name, ref position, output);
        if (position < name.Length)
        {
            output.Append(name, position, name.Length - position);
        }

        return output.ToString();
    }

    private static void AppendType(string name, ref int position, StringBuilder output)
    {
        var start = position;
        while (position < name.Length && name[position] is not ('[' or ']' or ',' or '`'))
        {
            position++;
        }

        var identifier = name.AsSpan(start, position - start).Trim();
        var dot = identifier.LastIndexOf('.');
        output.Append(dot >= 0 && dot < identifier.Length - 1 ? identifier[(dot + 1)..] : identifier);
        if (position < name.Length && name[position] == '`')
        {
            while (position < name.Length && name[position] != '[')
            {
                position++;
            }

            if (position < name.Length && position + 1 < name.Length && name[position + 1] is not (']' or ','))
            {
                AppendArguments(name, ref position, output);
            }
        }

        AppendArraySuffixes(name, ref position, output);
    }

    private static void AppendArguments(string name, ref int position, StringBuilder output)
    {
        output.Append('<');
        position++;
        var first = true;
        while (position < name.Length && name[position] != ']')
        {
            if (name[position] == ',')
            {
                position++;
                continue;
            }

            if (!first)
            {
                output.Append(", ");
            }

            first = false;
            AppendType(name, ref position, output);
        }

        output.Append('>');
        position = Math.Min(position + 1, name.Length);
    }

    private static void AppendArraySuffixes(string name, ref int position, StringBuilder output)
    {
        while (position + 1 < name.Length && name[position] == '[' && name[position + 1] is ']' or ',')
        {
            var end = name.IndexOf(']', position);
            if (end < 0)
            {
                return;
            }

            output.Append(name, position, end - position + 1);
            position = end + 1;
        }
    }
}
