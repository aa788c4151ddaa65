using Pprof.Tests.Support;

namespace Pprof.Tests.Legacy;

/// <summary>The binary fixtures of <c>testdata/legacy</c> are what <see cref="CpuProfileFixtures"/> writes.</summary>
public sealed class LegacyFixtureTests
{
    public static TheoryData<string> Names() => [.. CpuProfileFixtures.All().Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Binary_fixture_is_the_generators_output(string name)
    {
        var data = CpuProfileFixtures.All().Single(f => f.Name == name).Data;
        var path = LegacyTestData.File(name);
        if (Environment.GetEnvironmentVariable("LEGACY_FIXTURES") == "write")
        {
            File.WriteAllBytes(path, data);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run the tests with LEGACY_FIXTURES=write and commit it");
        Assert.Equal(data, File.ReadAllBytes(path));
    }
}
