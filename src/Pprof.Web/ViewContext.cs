using Microsoft.AspNetCore.Http;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// What a view's routes are built from: the settings, the answers cached per query key, the top table (which carries
/// the legend), the call tree, and the server's wrappers that read a request's query and answer a mistake with a 4xx.
/// </summary>
/// <param name="CallTree">The flame graph's call tree for the query, the last one made kept.</param>
/// <param name="Page">A page route: the view's name and its body from the query.</param>
/// <param name="Api">A data route: the bytes and content type from the query.</param>
internal sealed record ViewContext(
    WebUiSettings Settings,
    ViewCache Cache,
    Func<ViewQuery, TopTable> Top,
    Func<ViewQuery, CallTreeTable> CallTree,
    Func<string, Func<ViewQuery, IQueryCollection, string>, RequestDelegate> Page,
    Func<Func<ViewQuery, (byte[] Body, string ContentType)>, RequestDelegate> Api)
{
    /// <summary>
    /// Whether <see cref="CallTree"/> of the query keeps its samples (<see cref="CallTreeTable.Samples"/>): computed so
    /// already, derived from a tree at hand, or merged without a focus or ignore. A view that needs them asks first
    /// rather than merge a tree it cannot use.
    /// </summary>
    public Func<ViewQuery, bool> CallTreeKeepsSamples { get; init; } = _ => false;

    /// <summary>The legend and total of <see cref="Top"/> without its rows, which is a pass over the samples fewer: the top table's when that is computed.</summary>
    public Func<ViewQuery, ReportSummary> Summary { get; init; } = query => Top(query).Summary;

    /// <summary>
    /// The samples of a tree at hand that the call tree of the query can be derived from (the same query's without its
    /// filters, or every sample's), waited for while the tree of every sample is being merged; null when none fits.
    /// </summary>
    public Func<ViewQuery, CallTreeSamples?> DerivationSource { get; init; } = _ => null;

    /// <summary>The call tree of the query if it is kept already (the first view's, say), without computing one.</summary>
    public Func<ViewQuery, CallTreeTable?> ComputedCallTree { get; init; } = _ => null;

    /// <summary>Where answers of the size of a call tree are kept: the call trees' own place, which holds one.</summary>
    public ViewCache LargeAnswers { get; init; } = new(capacity: 1, large: true);
}
