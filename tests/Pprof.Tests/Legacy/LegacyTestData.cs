using Pprof.Tests.Support;

namespace Pprof.Tests.Legacy;

/// <summary>The repository's <c>testdata/legacy</c> folder: legacy-format fixtures and <c>go tool pprof</c>'s reports of them.</summary>
public static class LegacyTestData
{
    public static string Folder => Path.Combine(TestData.RepositoryRoot, "testdata", "legacy");

    public static string Expected => Path.Combine(Folder, "expected");

    public static string File(string name) => Path.Combine(Folder, name);
}
