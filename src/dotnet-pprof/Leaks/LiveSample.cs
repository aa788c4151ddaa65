using Pprof.Leaks;

namespace DotnetPprof.Leaks;

/// <summary>What one tick of a live series took: a digest per profile (each already written), and what it cost.</summary>
/// <param name="Profiles">The profiles the web UI's views can show as the latest (the heap snapshot and the threads, each URL's), the first by default.</param>
/// <param name="Pause">How long the target was paused for the induced GC and the heap walk, when that is known.</param>
/// <param name="Summary">A few words for the progress line, such as "heap 45.20MB, 31 threads".</param>
internal sealed record LiveSample(IReadOnlyList<ProfileDigest> Digests, IReadOnlyList<LiveProfile> Profiles, TimeSpan? Pause, string Summary);

/// <summary>Takes the profiles of one tick of a live series and writes them into the series' folder.</summary>
internal interface ILiveSampler
{
    /// <summary>What is sampled, for messages: "process 1234 (LeakyApp)", a URL.</summary>
    string Target { get; }

    /// <summary>A name for the folder of the series, such as the app's name.</summary>
    string FolderName { get; }

    /// <exception cref="LiveTargetGoneException">The target went away; nothing of this tick is kept.</exception>
    LiveSample Take(int tick, string directory, CancellationToken stop);
}

/// <summary>The process exited, or the server stopped answering: the series ends with what was taken.</summary>
internal sealed class LiveTargetGoneException(string message, Exception? inner = null) : Exception(message, inner);
