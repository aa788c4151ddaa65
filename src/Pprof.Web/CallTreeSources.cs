using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// Where the call tree of a new focus, ignore, hide, show, tag filter or sample index comes from without merging the samples again: derived
/// from the tree of the same view without them, if that is at hand, or from the tree of every sample, merged in the
/// background once the first view is answered (a heap profile's in-use tree leaves out the freed samples, which the
/// allocation trees need). Derived trees are the ones merging would make, numbers and all.
/// </summary>
internal sealed class CallTreeSources(ProgressBoard progress)
{
    /// <summary>The filters a tree is derived under.</summary>
    private static readonly string[] Filters = ["f", "i", "h", "s", "tf", "ti"];

    /// <summary>The parameters a tree is derived under; all others have to be those of the tree it is derived from.</summary>
    private static readonly string[] Derived = [.. Filters, "si"];

    private const string EverySample = "the call tree of every sample, for other sample types and filters";

    private readonly TaskCompletionSource<(string Key, CallTreeSamples Samples)?> _everySample = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    /// <summary>
    /// Merges every sample of <paramref name="first"/>, the tree of <paramref name="query"/>, again into one tree, on
    /// the calling thread. Not at a lower priority: every collection waits for each thread of the process to pause,
    /// and a thread the system hardly runs on a busy machine held the server's requests for seconds.
    /// </summary>
    public void MergeEverySample(ViewQuery query, CallTreeTable first)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        try
        {
            using var step = progress.Step("merging " + EverySample);
            _everySample.SetResult(first.Samples is { } samples ? (query.KeyWithout(Derived), samples.EverySample()) : null);
        }
        catch (Exception error)
        {
            // Trees are then merged from the samples, as without this.
            _everySample.SetException(error);
        }
    }

    /// <summary>What has been merged ahead, for <c>/ui/api/progress</c>: the tree of every sample once it is there.</summary>
    public IReadOnlyList<string> Prepared() =>
        _everySample.Task.IsCompletedSuccessfully && _everySample.Task.Result is not null ? [EverySample] : [];

    /// <summary>
    /// What the tree of <paramref name="query"/> can be derived from: the tree of the same query without those
    /// filters among those <paramref name="computed"/> holds, else the tree of every sample (waited for if it is being
    /// merged); null when neither fits.
    /// </summary>
    public CallTreeSamples? For(ViewQuery query, Func<string, CallTreeTable?> computed)
    {
        if (!CallTreeSamples.CanDerive(query.Options.Filter))
        {
            return null;
        }

        if (computed(query.KeyWithout(Filters))?.Samples is { } unfiltered)
        {
            return unfiltered;
        }

        if (Volatile.Read(ref _started) == 0)
        {
            return null;
        }

        try
        {
            return _everySample.Task.Result is { } every && every.Key == query.KeyWithout(Derived) ? every.Samples : null;
        }
        catch (AggregateException)
        {
            return null;
        }
    }
}
