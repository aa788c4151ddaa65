using Pprof.Profiles;

namespace Pprof.Tests.Leaks;

/// <summary>
/// Series of profiles with one known behaviour per key: leaks that must be LEAK and ranked first, and a cache that
/// fills then plateaus, a bounded LRU at its limit, steady churn and a one-time step that must never be LEAK.
/// Values are made from a fixed seed, so every run writes the same files.
/// </summary>
public static class LeakScenarios
{
    private const long MB = 1 << 20;

    public const string Orders = "[static] s_orders: System.Collections.Generic.Dictionary`2[System.Int64,Shop.Order]";
    public const string Timers = "[static] s_timers: Shop.TimerQueue";
    public const string Cache = "[static] s_cache: Shop.ProductCache";
    public const string Lru = "[static] s_lru: Shop.LruCache";
    public const string Config = "[static] s_config: Shop.Config";

    /// <summary>Twelve .NET heap snapshots, a minute apart; <paramref name="count"/> takes fewer.</summary>
    public static IEnumerable<Profile> DotnetSnapshots(int count = 12)
    {
        var random = new Random(12);
        for (var i = 0; i < count; i++)
        {
            var orders = (20 + (3 * i)) * MB;
            var cache = (long)(30 * MB * (1 - Math.Exp(-i / 1.2))) + Noise(random, 100_000);
            var step = i < 6 ? 2 * MB : 10 * MB;
            var timers = 1 + i;
            var dictionary = "System.Collections.Generic.Dictionary`2[System.Int64,Shop.Order]";
            var entries = "System.Collections.Generic.Dictionary`2+Entry[System.Int64,Shop.Order][]";
            (string[], long, long)[] samples =
            [
                ([Orders, dictionary], 200, 1),
                ([Orders, dictionary, entries], orders / 10, 1),
                ([Orders, dictionary, entries, "Shop.Order"], orders / 2, orders / 2 / 64),
                ([Orders, dictionary, entries, "Shop.Order", "System.String"], orders * 4 / 10, orders * 4 / 10 / 48),
                ([Timers, .. Repeat(["Shop.TimerNode", "Shop.TimerNode[]"], timers), "Shop.Callback"], timers * MB / 2, timers * 1000),
                ([Cache, "Shop.Product[]", "Shop.Product"], cache, cache / 256),
                ([Lru, "Shop.LruNode", "System.Byte[]"], (16 * MB) + Noise(random, 200_000), 4096),
                (["[stack]", "System.Byte[]"], (40 * MB) + Noise(random, 4 * MB), 100),
                ([Config, "Shop.ConfigData"], step + Noise(random, 20_000), 10),
            ];
            yield return SyntheticProfiles.HeapSnapshot(TimeSpan.FromMinutes(i), samples);
        }
    }

    /// <summary>Twelve Go heap profiles, a minute apart (the last ones a little late: spacing need not be equal).</summary>
    public static IEnumerable<Profile> GoHeaps(int count = 12)
    {
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            var sessions = (8 + (2 * i)) * MB;
            var cache = (long)(24 * MB * (1 - Math.Exp(-i / 1.5))) + Noise(random, 50_000);
            (string[], long, long)[] samples =
            [
                (["main.(*SessionStore).Open", "main.handleLogin", "net/http.HandlerFunc.ServeHTTP"], sessions, sessions / 512),
                (["main.(*Cache).fill", "main.(*Cache).Get", "main.handleProduct"], cache, cache / 1024),
                (["bufio.NewReaderSize", "net/http.(*conn).serve"], (12 * MB) + Noise(random, 3 * MB), 300),
                (["main.loadConfig", "main.main"], i < 5 ? MB : 9 * MB, 20),
            ];
            yield return SyntheticProfiles.GoHeap(TimeSpan.FromSeconds((60 * i) + (i > 8 ? 20 : 0)), samples);
        }
    }

    /// <summary>Twelve Go goroutine profiles: a goroutine per request that never ends, and a steady pool.</summary>
    public static IEnumerable<Profile> GoGoroutines(int count = 12)
    {
        var random = new Random(3);
        for (var i = 0; i < count; i++)
        {
            (string[], long)[] samples =
            [
                (["runtime.gopark", "runtime.chanrecv", "main.(*asyncLogger).processQueue"], 100 + (40 * i)),
                (["runtime.gopark", "sync.runtime_notifyListWait", "main.worker"], 16 + random.Next(-2, 3)),
            ];
            yield return SyntheticProfiles.Goroutines(TimeSpan.FromMinutes(i), samples);
        }
    }

    /// <summary>Writes the profiles as NAME.00.pb.gz, NAME.01.pb.gz... in <paramref name="directory"/>.</summary>
    public static string[] Write(string directory, string name, IEnumerable<Profile> profiles)
    {
        Directory.CreateDirectory(directory);
        return [.. profiles.Select((profile, i) =>
        {
            var path = Path.Combine(directory, $"{name}.{i:D2}.pb.gz");
            ProfileWriter.WriteFile(profile, path);
            return path;
        })];
    }

    private static long Noise(Random random, long amplitude) => random.NextInt64(-amplitude, amplitude + 1);

    private static IEnumerable<string> Repeat(string[] hops, int times) => Enumerable.Repeat(hops, times).SelectMany(h => h);
}
