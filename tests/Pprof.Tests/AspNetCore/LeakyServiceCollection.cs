namespace Pprof.Tests.AspNetCore;

/// <summary>The tests that drive and profile the one shared LeakyService; they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class LeakyServiceCollection : ICollectionFixture<LeakyServiceFixture>
{
    public const string Name = "LeakyService";
}
