namespace Pprof.Tests.Support;

/// <summary>Finds the repository's <c>testdata/go</c> folder (real Go profiles and golden outputs) from the test binaries.</summary>
public static class TestData
{
    private static readonly Lazy<string> GoFolder = new(FindGoFolder);

    /// <summary>The <c>testdata/go</c> folder: profiles, and the goldens under <c>expected/</c>.</summary>
    public static string Go => GoFolder.Value;

    public static string Expected => Path.Combine(Go, "expected");

    /// <summary>The <c>testdata/rules</c> folder: small profiles that exercise one rule each, goldens under <c>expected/</c>.</summary>
    public static string Rules => Path.Combine(RepositoryRoot, "testdata", "rules");

    /// <summary>The repository's root folder, above <c>testdata/go</c>.</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(Go, "..", ".."));

    /// <summary>The full path of a file in <c>testdata/go</c>.</summary>
    public static string File(string name) => Path.Combine(Go, name);

    private static string FindGoFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "testdata", "go");
            if (Directory.Exists(Path.Combine(candidate, "expected")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"no testdata/go folder above {AppContext.BaseDirectory}");
    }
}
