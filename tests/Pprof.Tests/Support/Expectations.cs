namespace Pprof.Tests.Support;

/// <summary>
/// Finds <c>tests/Pprof.Tests/Expectations</c> (expected outputs of our own reports, which go tool pprof lacks) from the
/// test binaries, so that <c>UPDATE_GOLDEN=1</c> rewrites the sources rather than copies.
/// </summary>
public static class Expectations
{
    private static readonly Lazy<string> Folder = new(FindFolder);

    /// <summary>The full path of an expected output.</summary>
    public static string File(string name) => Path.Combine(Folder.Value, name);

    /// <summary>True for a file in the expectations folder: ours to rewrite, unlike go tool pprof's outputs.</summary>
    public static bool Holds(string path) =>
        Path.GetFullPath(path).StartsWith(Folder.Value + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "Pprof.Tests.csproj")))
            {
                return Path.Combine(directory.FullName, "Expectations");
            }
        }

        throw new DirectoryNotFoundException($"no Pprof.Tests.csproj above {AppContext.BaseDirectory}");
    }
}
