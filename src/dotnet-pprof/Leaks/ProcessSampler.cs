using System.Globalization;
using System.Text.RegularExpressions;
using Pprof.Collector;
using Pprof.Leaks;
using Pprof.Profiles;

namespace DotnetPprof.Leaks;

/// <summary>
/// One tick of <c>leaks -p PID</c>: a heap snapshot (retention paths; the induced GC pauses the process) with the
/// GC's heap and committed memory after that GC, the process's RSS and the GC's settings (read once) in its comments,
/// then a second of thread stacks.
/// </summary>
/// <param name="strings">Also list the heap's duplicate strings in the snapshot's comments (ClrMD).</param>
internal sealed partial class ProcessSampler(DotnetProcess target, bool strings = false) : ILiveSampler
{
    private const int DuplicateStringsListed = 20;

    private GcSettings? _settings;

    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ThreadsDuration = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(2);

    public string Target => $"process {target.Id} ({target.Name})";

    public string FolderName => target.Name;

    public LiveSample Take(int tick, string directory, CancellationToken stop)
    {
        var notes = new List<string>();
        _settings ??= GcSettingsReader.Read(target);
        var snapshot = Gone(() => ProfileCollector.CollectHeapSnapshot(target, new CollectionSettings(SnapshotTimeout, stop, null, notes.Add)));
        var heap = snapshot.Profile;
        if (notes.Count > 0 && !IsAlive())
        {
            throw new LiveTargetGoneException($"{Target} exited during the heap snapshot");
        }

        if (snapshot.Gc is { } gc)
        {
            heap.Comments.Add(MemoryComment.Format(MemoryComment.GcHeap, gc.HeapBytes));
            if (gc.CommittedBytes is { } committed)
            {
                heap.Comments.Add(MemoryComment.Format(MemoryComment.GcCommitted, committed));
            }
        }

        if (ResidentMemory.Bytes(target.Id) is { } rss)
        {
            heap.Comments.Add(MemoryComment.Format(MemoryComment.Rss, rss));
        }

        heap.Comments.Add(MemoryComment.Format(Reading(_settings, snapshot.Gc?.Heaps)));
        if (strings)
        {
            foreach (var duplicate in Gone(() => DuplicateStrings.Find(target.Id, DuplicateStringsListed)))
            {
                heap.Comments.Add(MemoryComment.Format(new DuplicateStringReading(duplicate.Value, duplicate.Copies, duplicate.Bytes)));
            }
        }

        var threads = Collect(ProfileKind.Threads, ThreadsDuration, stop, notes);
        var heapDigest = Write(heap, "heap", tick, directory);
        var threadsDigest = Write(threads, "threads", tick, directory);
        var committedText = heapDigest.Memory.TryGetValue(MemoryComment.GcCommitted, out var held) ? $", GC committed {Quantities.Format(held, false)}" : "";
        var rssText = heapDigest.Memory.TryGetValue(MemoryComment.Rss, out var resident) ? $", rss {Quantities.Format(resident, false)}" : "";
        return new LiveSample(
            [heapDigest, threadsDigest],
            [new LiveProfile("heap snapshot of " + Target, heap), new LiveProfile("threads of " + Target, threads)],
            Pause(heap),
            $"heap {Quantities.Format(heapDigest.Total.Bytes, false)}, {threadsDigest.Total.Count} threads{committedText}{rssText}");
    }

    /// <summary>
    /// The settings as the profiles keep them. Where nothing configures Server GC, the process runs the runtime's
    /// default, Workstation GC, unless its GCs report more than one heap.
    /// </summary>
    private static GcSettingsReading Reading(GcSettings settings, int? heaps) => new(
        [.. (settings with { Server = settings.Server ?? heaps > 1 }).Named().Select(s => new GcSetting(s.Name, s.Value)),
            .. heaps is { } count ? [new GcSetting(GcSettingsReading.Heaps, count)] : Array.Empty<GcSetting>()],
        settings.Sources);

    private Profile Collect(ProfileKind kind, TimeSpan duration, CancellationToken stop, List<string> notes) =>
        Gone(() => ProfileCollector.Collect(kind, target, new CollectionSettings(duration, stop, null, notes.Add)));

    /// <summary>Runs a collection, turning the failures of a target that has gone into <see cref="LiveTargetGoneException"/>.</summary>
    private T Gone<T>(Func<T> collect)
    {
        try
        {
            return collect();
        }
        catch (TargetExitedException exited)
        {
            throw new LiveTargetGoneException($"{Target} exited", exited);
        }
        catch (CollectorException error)
        {
            throw new LiveTargetGoneException(IsAlive() ? $"{Target}: {error.Message}" : $"{Target} exited", error);
        }
        catch (Exception error) when (error is not OutOfMemoryException && !IsAlive())
        {
            // The diagnostic client's own exceptions, when the process goes in the middle of a session.
            throw new LiveTargetGoneException($"{Target} exited", error);
        }
    }

    /// <summary>
    /// False once the process has gone, is a zombie that its parent has not reaped yet, or goes within a moment: a
    /// process on its way out refuses the diagnostic session before it is gone.
    /// </summary>
    private bool IsAlive()
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(target.Id);
            var stat = $"/proc/{target.Id}/stat";
            var zombie = File.Exists(stat) && File.ReadAllText(stat).Split(") ")[^1].StartsWith('Z');
            return !zombie && !process.WaitForExit(ExitGrace);
        }
        catch (Exception error) when (error is ArgumentException or IOException or InvalidOperationException)
        {
            return false;
        }
    }

    private ProfileDigest Write(Profile profile, string kind, int tick, string directory)
    {
        var path = Path.Combine(directory, $"{target.Name}.{kind}.{tick + 1:D2}.pb.gz");
        ProfileWriter.WriteFile(profile, path);
        return ProfileDigester.Digest(profile, path);
    }

    /// <summary>The walk's duration as the heap snapshot's comment says it.</summary>
    private static TimeSpan? Pause(Profile heap)
    {
        foreach (var comment in heap.Comments)
        {
            var match = WalkComment().Match(comment);
            if (match.Success)
            {
                return TimeSpan.FromSeconds(double.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    [GeneratedRegex("walked the heap in ([0-9.]+) s")]
    private static partial Regex WalkComment();
}
