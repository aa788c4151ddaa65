using Pprof.Driver;
using Pprof.Profiles;
using Pprof.Reports;
using Pprof.Sources;
using Pprof.Tests.Support;

namespace Pprof.Tests.Driver;

/// <summary>What the web interface's diff view is given: the sources and the bases each merged on its own, beside the profile less its base.</summary>
public sealed class SourceLoaderApartTests
{
    private static readonly string Before = TestData.File("gobmap.heap.0.pb.gz");
    private static readonly string After = TestData.File("gobmap.heap.4.pb.gz");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void With_a_base_the_sources_and_the_bases_are_kept_apart_too(bool diffBase)
    {
        var options = new SourceOptions { Sources = [After], Bases = [Before], DiffBase = diffBase };

        var (profile, sources, bases) = new SourceLoader(_ => { }).LoadApart(options);

        Assert.Equal(Top(new SourceLoader(_ => { }).Load(options, compactSingleSource: true)), Top(profile));
        Assert.Equal(Top(ProfileSource.Load(After)), Top(sources!));
        Assert.Equal(Top(ProfileSource.Load(Before)), Top(bases!));
    }

    [Fact]
    public void Without_a_base_there_is_nothing_apart()
    {
        var (_, sources, bases) = new SourceLoader(_ => { }).LoadApart(new SourceOptions { Sources = [After] });

        Assert.Null(sources);
        Assert.Null(bases);
    }

    private static string Top(Profile profile) => new ProfileReport(profile).ToText(ReportFormat.Text);
}
