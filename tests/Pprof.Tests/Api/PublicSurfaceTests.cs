using Pprof.Profiles;

namespace Pprof.Tests.Api;

/// <summary>
/// The Pprof library's public types are the ones docs/library.md describes: a type made public by accident, or made
/// internal while code outside uses it, fails here first.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly string[] Expected =
    [
        "Pprof.ProfileFormatException",
        "Pprof.Profiles.Function",
        "Pprof.Profiles.Label",
        "Pprof.Profiles.LabelFilter",
        "Pprof.Profiles.Line",
        "Pprof.Profiles.Location",
        "Pprof.Profiles.Mapping",
        "Pprof.Profiles.Profile",
        "Pprof.Profiles.ProfileFilter",
        "Pprof.Profiles.ProfileWriter",
        "Pprof.Profiles.SampleCursor",
        "Pprof.Profiles.SampleList",
        "Pprof.Profiles.SampleType",
        "Pprof.Reports.CallGraph",
        "Pprof.Reports.CallTreeComparison",
        "Pprof.Reports.CallTreeNode",
        "Pprof.Reports.CallTreeSamples",
        "Pprof.Reports.CallTreeSandwich",
        "Pprof.Reports.CallTreeSide",
        "Pprof.Reports.CallTreeTable",
        "Pprof.Reports.Granularity",
        "Pprof.Reports.GraphEdge",
        "Pprof.Reports.GraphNode",
        "Pprof.Reports.Inlining",
        "Pprof.Reports.PeekCall",
        "Pprof.Reports.PeekEntry",
        "Pprof.Reports.ProfileReport",
        "Pprof.Reports.RemovedFramesTree",
        "Pprof.Reports.ReportException",
        "Pprof.Reports.ReportFormat",
        "Pprof.Reports.ReportOptions",
        "Pprof.Reports.ReportSummary",
        "Pprof.Reports.TagShare",
        "Pprof.Reports.TagSummary",
        "Pprof.Reports.TopRow",
        "Pprof.Reports.TopTable",
        "Pprof.Sources.ProfileSource",
        "Pprof.Sources.ReadOptions",
    ];

    [Fact]
    public void The_library_exports_the_profile_model_reading_writing_filters_and_reports_only()
    {
        var exported = typeof(Profile).Assembly.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal);

        Assert.Equal(Expected, exported);
    }
}
