using Pprof.Profiles;

namespace Pprof.Tests.Api;

/// <summary>The namespaces of the Pprof library depend on each other one way: profile, graph, report, driver.</summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void NoNamespaceOfThePprofAssemblyDependsOnItselfThroughOthers()
    {
        var graph = NamespaceDependencies.Of(typeof(Profile).Assembly, "Pprof");
        var cycle = NamespaceDependencies.FindCycle(graph);

        Assert.True(cycle is null, "namespace cycle: " + string.Join(" -> ", cycle ?? []) + "\n" + Describe(graph));
    }

    [Fact]
    public void TheCheckSeesDependenciesInsideMethodBodies()
    {
        // Profiles use measurement units only inside method bodies (Scaling converts units with Units.Scale).
        var graph = NamespaceDependencies.Of(typeof(Profile).Assembly, "Pprof");

        Assert.Contains("Pprof.Measurement", graph["Pprof.Profiles"]);
        Assert.NotNull(NamespaceDependencies.FindCycle(new Dictionary<string, SortedSet<string>>
        {
            ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"],
        }));
    }

    private static string Describe(Dictionary<string, SortedSet<string>> graph) =>
        string.Join('\n', graph.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} -> {string.Join(", ", p.Value)}"));
}
