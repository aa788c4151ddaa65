namespace Pprof.Tests.Driver;

/// <summary>Tests that fetch profiles over HTTP set <c>PPROF_TMPDIR</c>, which is the process's: they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class FetchingCollection
{
    public const string Name = "Fetching profiles over HTTP";
}
