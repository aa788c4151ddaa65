using System.Text.RegularExpressions;

namespace Pprof.Graphs;

/// <summary>Short function names for pictures: Go without the import path, Java without package and arguments, C++ without namespaces.</summary>
internal static partial class FunctionNames
{
    [GeneratedRegex(@"^(?:[a-z]\w*\.)*([A-Z][\w\$]*\.(?:<init>|[a-z][\w\$]*(?:\$\d+)?))(?:(?:\()|$)")]
    private static partial Regex Java();

    [GeneratedRegex(@"^(?:[\w\-\.]+\/)+(.+)")]
    private static partial Regex Go();

    [GeneratedRegex(@"^(.*?)/v(?:[2-9]|[1-9][0-9]+)([./].*)$")]
    private static partial Regex GoVersion();

    [GeneratedRegex(@"^(?:[_a-zA-Z]\w*::)+(_*[A-Z]\w*::~?[_a-zA-Z]\w*(?:<.*>)?)")]
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
