namespace Pprof.Push;

/// <summary>
/// Profiles waiting to be sent, bounded in count and bytes: a new profile pushes out the oldest ones, so that memory
/// stays bounded however long the server is away and the freshest profiles are the ones kept. Not thread-safe.
/// </summary>
internal sealed class BoundedProfileQueue(int maxProfiles, long maxBytes)
{
    private readonly Queue<PushSeries> _profiles = new();

    public int Count => _profiles.Count;

    public long Bytes { get; private set; }

    /// <summary>Adds the profile and returns the profiles dropped to make room (the new one itself when it alone is too big).</summary>
    public int Add(PushSeries profile)
    {
        var size = SizeOf(profile);
        if (size > maxBytes)
        {
            return 1;
        }

        var dropped = 0;
        while (_profiles.Count >= maxProfiles || Bytes + size > maxBytes)
        {
            Bytes -= SizeOf(_profiles.Dequeue());
            dropped++;
        }

        _profiles.Enqueue(profile);
        Bytes += size;
        return dropped;
    }

    /// <summary>Everything queued, as one batch, leaving the queue empty.</summary>
    public List<PushSeries> TakeAll()
    {
        var batch = new List<PushSeries>(_profiles);
        _profiles.Clear();
        Bytes = 0;
        return batch;
    }

    public static long SizeOf(PushSeries profile)
    {
        long size = 0;
        foreach (var sample in profile.Samples)
        {
            size += sample.RawProfile.Length;
        }

        return size;
    }
}
