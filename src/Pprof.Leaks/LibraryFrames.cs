namespace Pprof.Leaks;

/// <summary>
/// Tells the program's own functions from those of Go's standard library and .NET's base libraries: the place a
/// developer fixes a leak is the first of their own functions on the way out from where the memory is allocated.
/// </summary>
public static class LibraryFrames
{
    /// <summary>The top-level packages of Go's standard library (a module path's first element has a dot; these do not).</summary>
    private static readonly HashSet<string> GoStandardPackages = new(StringComparer.Ordinal)
    {
        "archive", "bufio", "bytes", "compress", "container", "context", "crypto", "database", "debug", "embed", "encoding",
        "errors", "expvar", "flag", "fmt", "go", "hash", "html", "image", "index", "internal", "io", "iter", "log", "maps",
        "math", "mime", "net", "os", "path", "plugin", "reflect", "regexp", "runtime", "slices", "sort", "strconv", "strings",
        "sync", "syscall", "testing", "text", "time", "unicode", "unique", "unsafe", "vendor", "weak",
    };

    private static readonly string[] DotnetPrefixes = ["System.", "Microsoft.", "Interop."];

    public static bool IsLibrary(string function)
    {
        if (function.StartsWith('<') || DotnetPrefixes.Any(p => function.StartsWith(p, StringComparison.Ordinal)))
        {
            return true;
        }

        var slash = function.LastIndexOf('/');
        var dot = function.IndexOf('.', slash + 1);
        return dot > 0 && GoStandardPackages.Contains(function[..dot].Split('/')[0]);
    }
}
