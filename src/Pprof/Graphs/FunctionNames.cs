using System.Text.RegularExpressions;

namespace Pprof.Graphs;

/// <summary>
/// Short function names for pictures: Go without the import path, Java without package and arguments, C++ without
/// namespaces. The patterns are pprof's, in RE2's sense: <c>\w</c> and <c>\d</c> are ASCII only and <c>$</c> is the end.
/// </summary>
internal static partial class FunctionNames
{
    [GeneratedRegex(@"^(?:[a-z][0-9A-Za-z_]*\.)*([A-Z][0-9A-Za-z_$]*\.(?:<init>|[a-z][0-9A-Za-z_$]*(?:\$[0-9]+)?))(?:\(|\z)")]
    private static partial Regex Java();

    [GeneratedRegex(@"^(?:[0-9A-Za-z_\-.]+/)+(.+)")]
    private static partial Regex Go();

    [GeneratedRegex(@"^(.*?)/v(?:[2-9]|[1-9][0-9]+)([./].*)\z")]
    private static partial Regex GoVersion();

    [GeneratedRegex(@"^(?:[_a-zA-Z][0-9A-Za-z_]*::)+(_*[A-Z][0-9A-Za-z_]*::~?[_a-zA-Z][0-9A-Za-z_]*(?:<.*>)?)")]
    private static partial Regex Cpp();

    [GeneratedRegex(@"^\(anonymous namespace\)::")]
    private static partial Regex CppAnonymousPrefix();

    public static string Shorten(string name)
    {
        name = CppAnonymousPrefix().Replace(name, "");
        name = GoVersion().Replace(name, "$1$2");
        foreach (var regex in new[] { Go(), Java(), Cpp() })
        {
            var match = regex.Match(name);
            if (match.Success && match.Groups.Count >= 2)
            {
                return string.Concat(match.Groups.Values.Skip(1).Select(g => g.Value));
            }
        }

        return name;
    }
}
