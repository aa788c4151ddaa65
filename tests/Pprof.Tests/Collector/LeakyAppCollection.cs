namespace Pprof.Tests.Collector;

/// <summary>The tests that profile the one shared LeakyApp; they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class LeakyAppCollection : ICollectionFixture<LeakyAppFixture>
{
    public const string Name = "LeakyApp";
}
