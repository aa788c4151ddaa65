using Pprof.Collector;

namespace Pprof.Tests.Collector;

public sealed class CollectionSettingsTests
{
    private static readonly CollectionSettings OneSecond = new(TimeSpan.FromSeconds(1), CancellationToken.None, null, _ => { });
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    [Theory]
    [InlineData(0, 250)]
    [InlineData(900, 100)]
    [InlineData(1000, 0)]
    [InlineData(1003, 0)]
    public void The_wait_is_the_interval_or_what_is_left_and_never_negative(int elapsedMs, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), OneSecond.NextWait(TimeSpan.FromMilliseconds(elapsedMs), Interval));
}
