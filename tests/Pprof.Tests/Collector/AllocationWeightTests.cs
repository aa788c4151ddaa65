using Pprof.Collector;

namespace Pprof.Tests.Collector;

/// <summary>The allocation sampler's weights: unbiased, as a simulation of the runtime's sampler shows.</summary>
public sealed class AllocationWeightTests
{
    [Fact]
    public void A_one_byte_object_stands_for_the_mean_sampling_distance()
    {
        Assert.Equal(AllocationWeight.MeanSamplingDistance, AllocationWeight.Objects(1), 6);
    }

    [Fact]
    public void An_object_far_larger_than_the_distance_stands_for_itself()
    {
        Assert.Equal(1, AllocationWeight.Objects(100 * AllocationWeight.MeanSamplingDistance), 6);
    }

    [Fact]
    public void Weighted_samples_estimate_the_allocated_bytes_and_objects()
    {
        // The runtime's sampler: geometric gaps of mean D bytes between sampled bytes, an object reported when a
        // sampled byte falls in it, and the gap drawn anew after the object.
        var random = new Random(20260101);
        int[] sizes = [24, 48, 120, 1_000, 8_192, 90_000];
        double trueBytes = 0, trueObjects = 0, estimatedBytes = 0, estimatedObjects = 0;
        var logKeep = Math.Log(1 - 1.0 / AllocationWeight.MeanSamplingDistance);
        var untilSample = NextGap(random, logKeep);
        for (var i = 0; i < 10_000_000; i++)
        {
            long size = sizes[random.Next(sizes.Length)];
            trueBytes += size;
            trueObjects++;
            if (untilSample < size)
            {
                var objects = AllocationWeight.Objects(size);
                estimatedObjects += objects;
                estimatedBytes += objects * size;
                untilSample = NextGap(random, logKeep);
            }
            else
            {
                untilSample -= size;
            }
        }

        Assert.InRange(estimatedBytes / trueBytes, 0.97, 1.03);
        Assert.InRange(estimatedObjects / trueObjects, 0.95, 1.05);
    }

    /// <summary>Bytes before the next sampled one: the number of failed Bernoulli(1/D) trials.</summary>
    private static long NextGap(Random random, double logKeep) => (long)Math.Floor(Math.Log(1 - random.NextDouble()) / logKeep);
}
