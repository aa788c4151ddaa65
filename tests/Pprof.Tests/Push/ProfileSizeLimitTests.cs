using Pprof.Profiles;
using Pprof.Push;
using static Pprof.Tests.Push.SyntheticAllocations;

namespace Pprof.Tests.Push;

/// <summary>Profiles kept within a store's size limit: trimmed to their heaviest samples, or left alone when they fit.</summary>
public sealed class ProfileSizeLimitTests
{
    /// <summary>The lightest sample has a long frame name, so that leaving it out saves more than the trimming note costs.</summary>
    private static readonly string Light = "light" + new string('_', 300);

    private static readonly Profile ThreeStacks = Snapshot(TimeSpan.Zero, TimeSpan.FromSeconds(10),
        [([Light, "main"], 1, 10), (["heavy", "main"], 1, 1000), (["middle", "main"], 1, 100)]);

    [Fact]
    public void A_profile_that_fits_is_sent_as_it_is()
    {
        var fitting = ProfileSizeLimit.Fit(ThreeStacks, ProfileSizeLimit.DefaultMaxBytes, out var leftOut);

        Assert.Same(ThreeStacks, fitting);
        Assert.Equal(0, leftOut);
    }

    [Fact]
    public void A_profile_over_the_limit_keeps_its_heaviest_samples_that_fit()
    {
        var twoHeaviest = Snapshot(TimeSpan.Zero, TimeSpan.FromSeconds(10), [(["heavy", "main"], 1, 1000), (["middle", "main"], 1, 100)]);
        twoHeaviest.Comments.Add("trimmed to its 2 heaviest samples of 3 to stay under 999 bytes");
        var limit = ProfileWriter.ToBytes(twoHeaviest, compress: false).Length;
        Assert.InRange(limit, 100, 999);
        Assert.True(ProfileWriter.ToBytes(ThreeStacks, compress: false).Length > limit, "the test profile fits already");

        var trimmed = ProfileSizeLimit.Fit(ThreeStacks, limit, out var leftOut);

        Assert.NotNull(trimmed);
        Assert.Equal(1, leftOut);
        Assert.Equal(["heavy;main 1 1000", "middle;main 1 100"], Describe(trimmed));
        Assert.True(ProfileWriter.ToBytes(trimmed, compress: false).Length <= limit);
        Assert.Contains($"trimmed to its 2 heaviest samples of 3 to stay under {limit} bytes", trimmed.Comments);
    }
}
