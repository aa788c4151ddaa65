using Pprof.Collector;

namespace Pprof.Tests.Collector;

/// <summary>The GC settings of a process's environment (hexadecimal, as the runtime reads them) and runtimeconfig.json.</summary>
public sealed class GcConfigurationTests
{
    [Fact]
    public void EnvironmentNumbersAreHexadecimalAsTheRuntimeReadsThem()
    {
        var settings = GcConfiguration.FromEnvironment(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["gcServer"] = "1",
            ["GCgen0size"] = "0x4000000",
            ["GCHeapHardLimit"] = "C800000",
            ["GCConserveMemory"] = "7",
            ["GCRetainVM"] = "0",
        });

        Assert.Equal<(string, long)>(
            [("gcServer", 1), ("GCConserveMemory", 7), ("GCHeapHardLimit", 200L << 20), ("GCgen0size", 64L << 20), ("GCRetainVM", 0)],
            [.. settings.Named()]);
        Assert.Equal(["environment"], settings.Sources);
    }

    [Fact]
    public void RuntimeConfigPropertiesAreReadWhateverTheirJsonType()
    {
        var settings = GcConfiguration.FromRuntimeConfig("""
            {
              // written by the SDK
              "runtimeOptions": {
                "configProperties": {
                  "System.GC.Server": true,
                  "System.GC.Concurrent": "false",
                  "System.GC.ConserveMemory": 3,
                  "System.GC.HeapHardLimit": "0x10000000",
                  "System.Globalization.Invariant": true
                }
              }
            }
            """);

        Assert.Equal<(string, long)>([("gcServer", 1), ("gcConcurrent", 0), ("GCConserveMemory", 3), ("GCHeapHardLimit", 256L << 20)], [.. settings.Named()]);
        Assert.Equal(["runtimeconfig.json"], settings.Sources);
    }

    [Fact]
    public void TheEnvironmentWinsOverTheFileAndTheEventsOverBoth()
    {
        var file = GcConfiguration.FromRuntimeConfig("""{"runtimeOptions":{"configProperties":{"System.GC.Server":true,"System.GC.ConserveMemory":3}}}""");
        var environment = GcConfiguration.FromEnvironment(new Dictionary<string, string> { ["GCConserveMemory"] = "9" });
        var events = new GcSettings { Concurrent = false, Sources = ["runtime events"] };

        var settings = file.Under(environment).Under(events);

        Assert.Equal<(string, long)>([("gcServer", 1), ("gcConcurrent", 0), ("GCConserveMemory", 9)], [.. settings.Named()]);
        Assert.Equal(["runtime events", "environment", "runtimeconfig.json"], settings.Sources);
    }

    [Fact]
    public void ABrokenRuntimeConfigSaysNothing()
    {
        Assert.Empty(GcConfiguration.FromRuntimeConfig("{ not json").Named());
    }
}
