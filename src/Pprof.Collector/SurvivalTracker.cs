namespace Pprof.Collector;

/// <summary>
/// Follows sampled objects by address through the GCs that a trace with the GCHeapSurvivalAndMovement keyword
/// reports, to tell which are still alive: at each GC's start the runtime lists its generations' address ranges,
/// during it the ranges of objects that survived (a sweeping GC) or moved (a compacting one), so an object in a
/// condemned generation that no range covers was collected, and one in a moved range has a new address.
/// </summary>
/// <remarks>
/// Conservative where the events say nothing: an object outside every listed generation is kept, and a background
/// GC (which only sweeps gen 2, while ephemeral GCs run inside it) collects nothing here; a blocking gen-2 GC at the
/// end settles both. A sampled allocation at an address that a tracked object still holds proves that object gone.
/// </remarks>
internal sealed class SurvivalTracker
{
    private const int MaxGeneration = 2;
    private const int BackgroundGcType = 1;

    private readonly List<ulong> _addresses = [];
    private readonly List<bool> _alive = [];
    private Dictionary<ulong, int> _byAddress = [];
    private readonly List<GcInProgress> _open = [];

    /// <summary>How many tracked objects are alive now.</summary>
    public int AliveCount => _byAddress.Count;

    /// <summary>Starts following an object just allocated; returns its id.</summary>
    public int Allocated(ulong address)
    {
        var id = _addresses.Count;
        _addresses.Add(address);
        _alive.Add(true);
        Track(_byAddress, address, id);
        return id;
    }

    public bool IsAlive(int id) => _alive[id];

    public void GcStarted(int number, int condemnedGeneration, int type) =>
        _open.Add(new GcInProgress(number, condemnedGeneration, type == BackgroundGcType));

    /// <summary>
    /// A generation's address range. The runtime lists them after a GC's start and again before its end; the first
    /// listing of a range is the one that says what the GC condemns.
    /// </summary>
    public void GenerationRange(int generation, ulong start, ulong reservedLength)
    {
        if (_open.Count > 0 && _open[^1] is { Listing: true } gc)
        {
            gc.Generations.TryAdd(start, new GenerationSpan(generation, start + reservedLength));
        }
    }

    public void Survived(ulong start, ulong length) => Moved(start, start, length);

    public void Moved(ulong oldStart, ulong newStart, ulong length)
    {
        if (Collecting() is { } gc)
        {
            gc.Listing = false;
            gc.Survivors.Add(new SurvivorRange(oldStart, oldStart + length, newStart));
        }
    }

    public void GcEnded(int number)
    {
        var index = _open.FindLastIndex(gc => gc.Number == number);
        if (index < 0)
        {
            return;
        }

        var gc = _open[index];
        _open.RemoveAt(index);
        if (!gc.Background)
        {
            Apply(gc);
        }
    }

    /// <summary>The innermost GC in progress unless it is a background one, whose survivors say nothing here.</summary>
    private GcInProgress? Collecting() => _open.Count > 0 && !_open[^1].Background ? _open[^1] : null;

    private void Apply(GcInProgress gc)
    {
        var generations = gc.Generations.Select(g => (Start: g.Key, g.Value.Generation, g.Value.End)).OrderBy(g => g.Start).ToArray();
        var generationStarts = generations.Select(g => g.Start).ToArray();
        var survivors = gc.Survivors.OrderBy(s => s.Start).ToArray();
        var survivorStarts = survivors.Select(s => s.Start).ToArray();
        var next = new Dictionary<ulong, int>(_byAddress.Count);
        foreach (var (address, id) in _byAddress)
        {
            var generation = Find(generationStarts, address);
            if (generation < 0 || address >= generations[generation].End || !Condemns(gc, generations[generation].Generation))
            {
                // Left where it was, unless an object moved there: then it was gone.
                if (!next.TryAdd(address, id))
                {
                    _alive[id] = false;
                }

                continue;
            }

            var survivor = Find(survivorStarts, address);
            if (survivor >= 0 && address < survivors[survivor].End)
            {
                _addresses[id] = survivors[survivor].NewStart + (address - survivors[survivor].Start);
                Track(next, _addresses[id], id);
            }
            else
            {
                _alive[id] = false;
            }
        }

        _byAddress = next;
    }

    /// <summary>Files an object under its address; one filed there before is gone, as its place is taken.</summary>
    private void Track(Dictionary<ulong, int> byAddress, ulong address, int id)
    {
        if (byAddress.TryGetValue(address, out var previous))
        {
            _alive[previous] = false;
        }

        byAddress[address] = id;
    }

    /// <summary>Gen 0 and 1 go when condemned; gen 2 and the large and pinned object heaps (3, 4) only in a gen-2 GC.</summary>
    private static bool Condemns(GcInProgress gc, int generation) =>
        generation <= gc.CondemnedGeneration || gc.CondemnedGeneration == MaxGeneration;

    /// <summary>The index of the last start at or below the address, or -1.</summary>
    private static int Find(ulong[] sortedStarts, ulong address)
    {
        var index = Array.BinarySearch(sortedStarts, address);
        return index >= 0 ? index : ~index - 1;
    }

    private sealed class GcInProgress(int number, int condemnedGeneration, bool background)
    {
        public int Number { get; } = number;
        public int CondemnedGeneration { get; } = condemnedGeneration;
        public bool Background { get; } = background;

        /// <summary>True until the first survivor range: the generation ranges listed until then are the GC's start.</summary>
        public bool Listing { get; set; } = true;

        public Dictionary<ulong, GenerationSpan> Generations { get; } = [];
        public List<SurvivorRange> Survivors { get; } = [];
    }

    private readonly record struct GenerationSpan(int Generation, ulong End);

    private readonly record struct SurvivorRange(ulong Start, ulong End, ulong NewStart);
}
