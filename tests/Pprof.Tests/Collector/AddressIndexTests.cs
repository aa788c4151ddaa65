using Pprof.Collector;

namespace Pprof.Tests.Collector;

/// <summary>Finding objects by address, numbered in the order a walk reports them.</summary>
public sealed class AddressIndexTests
{
    [Fact]
    public void Regions_walked_in_any_order_find_every_object()
    {
        // Two regions, the higher one walked first, with a large object and a gap in the lower one.
        ulong[] addresses = [0x9000_0000, 0x9000_0018, 0x9000_0040, 0x1000_0000, 0x1000_0020, 0x1008_0000, 0x1008_0030];

        var index = Build(addresses);

        Assert.Equal([0, 1, 2, 3, 4, 5, 6], addresses.Select(index.Find));
    }

    [Fact]
    public void An_address_that_is_no_object_start_is_not_found()
    {
        var index = Build([0x1000, 0x1020, 0x8000]);

        ulong[] misses = [0x0ff8, 0x1008, 0x1001, 0x1028, 0x7ff8, 0x8008, 0xffff_ffff_0000];
        Assert.All(misses, address => Assert.Equal(-1, index.Find(address)));
    }

    [Fact]
    public void Objects_reported_out_of_address_order_are_found_and_a_repeated_address_keeps_its_first_number()
    {
        ulong[] addresses = [0x2000, 0x2040, 0x2020, 0x2060, 0x2040, 0x2010];

        var index = Build(addresses);

        Assert.Equal([0, 1, 2, 3, 1, 5], addresses.Select(index.Find));
    }

    [Fact]
    public void A_target_with_4_byte_pointers_aligns_objects_to_4_bytes()
    {
        ulong[] addresses = [0x1000, 0x100c, 0x1010, 0x1024];

        var index = Build(addresses, pointerSize: 4);

        Assert.Equal([0, 1, 2, 3], addresses.Select(index.Find));
        Assert.Equal(-1, index.Find(0x1008));
    }

    [Fact]
    public void Random_walks_agree_with_a_dictionary()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 50; trial++)
        {
            var regions = Enumerable.Range(0, random.Next(1, 6)).Select(_ => (ulong)random.Next(1, 1 << 20) << 22).Distinct().ToList();
            var addresses = new List<ulong>();
            foreach (var region in regions)
            {
                for (var address = region; addresses.Count < 100_000 && random.Next(200) > 0; address += (ulong)random.Next(3, 200) * 8)
                {
                    addresses.Add(address);
                }
            }

            var index = Build([.. addresses]);

            var numbers = new Dictionary<ulong, int>();
            for (var i = 0; i < addresses.Count; i++)
            {
                numbers.TryAdd(addresses[i], i);
            }

            Assert.All(numbers, pair => Assert.Equal(pair.Value, index.Find(pair.Key)));
            Assert.All(numbers.Keys, address => Assert.Equal(-1, index.Find(address + 8)));
        }
    }

    private static AddressIndex Build(ulong[] addresses, int pointerSize = 8)
    {
        var builder = new AddressIndex.Builder(pointerSize);
        foreach (var address in addresses)
        {
            builder.Add(address);
        }

        return builder.Build();
    }
}
