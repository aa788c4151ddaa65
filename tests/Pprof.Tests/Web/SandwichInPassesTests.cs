using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Pprof.Profiles;
using Pprof.Reports;
using Pprof.Sources;
using Pprof.Tests.Support;
using Pprof.Web;

namespace Pprof.Tests.Web;

/// <summary>
/// The sandwich of a profile whose samples stay in the file is found in passes over the samples
/// (<see cref="ProfileReport.WidestSandwich"/>), not cut from the whole call tree: it must draw the same picture,
/// frame for frame, callers and callees, whatever the ties between widths.
/// </summary>
public sealed class SandwichInPassesTests : IDisposable
{
    private static readonly string[] Patterns = ["^f1$", "^f[12]$", "f", "^f0$|^f3$", "^nothing$"];

    private readonly string _directory = Directory.CreateTempSubdirectory("pprof-sandwich-passes-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_sandwich_found_in_passes_draws_what_the_whole_tree_draws()
    {
        var cut = 0;
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[5, 50], Gen.Int[0, 12], Gen.Int[2, 100], Gen.Int[0, Patterns.Length - 1]).Sample((seed, budget, sketchBits, room, pattern) =>
        {
            var report = new ProfileReport(StayingInFile(FlameGraphBudgetTests.RandomProfile(new Random(seed), withNegative: false), seed));
            var function = new Regex(Patterns[pattern]);
            var top = report.Top();
            var whole = Sandwich.Of(report.CallTreeTable(), function);
            // From a sketch of one counter a row, where every estimate is the total, to one of 4096.
            var found = report.WidestSandwich(function, budget, 1 << sketchBits, room)!;
            var passes = Sandwich.Of(found, function);

            Assert.Equal((whole.Pivot, whole.Flat, whole.Cum), (passes.Pivot, passes.Flat, passes.Cum));
            Assert.Equal(Picture(whole.Callers, top, budget), Picture(passes.Callers, top, budget));
            Assert.Equal(Picture(whole.Callees, top, budget), Picture(passes.Callees, top, budget));

            var every = report.WidestSandwich(function, int.MaxValue, 1 << 12, 1 << 20)!;
            if (found.Callers.Count < every.Callers.Count || found.Callees.Count < every.Callees.Count)
            {
                Interlocked.Increment(ref cut);
            }
        }, iter: 200);

        // Many of the sandwiches leave frames out of their tables: thresholds and the second pass's room are exercised.
        Assert.InRange(cut, 30, 200);
    }

    [Fact]
    public void A_comparison_has_no_sandwich_from_passes()
    {
        var profile = FlameGraphBudgetTests.RandomProfile(new Random(7), withNegative: false);
        profile.Samples.Add([0], [-1], []);
        var report = new ProfileReport(StayingInFile(profile, 7));

        Assert.Null(report.WidestSandwich(new Regex("f"), 10));
    }

    [Theory]
    [InlineData("^main\\.f25$", "")]
    [InlineData("main\\.f2", "&si=alloc_space")]
    [InlineData("^no_such_function$", "")]
    public async Task A_profile_whose_samples_stay_in_the_file_has_the_sandwich_of_one_held_in_memory(string function, string more)
    {
        var path = TestData.File("big.heap.pb.gz");
        var streamed = ProfileReader.ReadFile(path, new ReadOptions { MaxSampleBytesInMemory = 0 });
        Assert.True(streamed.Samples.StayInFile);
        var query = new Uri($"/ui/api/sandwich?f={Uri.EscapeDataString(function)}{more}", UriKind.Relative);

        byte[] expected, actual;
        await using (var inMemory = await InProcessServer.Start(ProfileSource.Load(path)))
        {
            expected = await inMemory.Client.GetByteArrayAsync(query);
        }

        await using (var server = await InProcessServer.Start(streamed))
        {
            actual = await server.Client.GetByteArrayAsync(query);
        }

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
    }

    private static string Picture(IFlameFrame tree, TopTable top, int budget) => Encoding.UTF8.GetString(FlameGraphJson.Write(tree, top, budget));

    /// <summary>The profile written and read back with none of its samples held in memory.</summary>
    private Profile StayingInFile(Profile profile, int seed)
    {
        var path = Path.Combine(_directory, $"{seed}-{Guid.NewGuid():N}.pb.gz");
        File.WriteAllBytes(path, ProfileWriter.ToBytes(profile));
        var read = ProfileReader.ReadFile(path, new ReadOptions { MaxSampleBytesInMemory = 0 });
        Assert.True(read.Samples.StayInFile);
        return read;
    }
}
