namespace Pprof.Benchmarks;

/// <summary>Finds the profiles the benchmarks read: the repository's testdata and the shared huge profile.</summary>
internal static class BenchmarkProfiles
{
    public static string Path(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            foreach (var candidate in new[] { System.IO.Path.Combine(directory.FullName, "testdata", "go", name), System.IO.Path.Combine(directory.FullName, "shared", "bench", name) })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"benchmark profile {name} not found above {AppContext.BaseDirectory}");
    }
}
