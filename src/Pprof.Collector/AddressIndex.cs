using System.Numerics;

namespace Pprof.Collector;

/// <summary>
/// Finds the objects of a heap walk by address, their number being the order they were reported in. The runtime
/// walks each region of the heap in address order, so the addresses fall into a few hundred increasing runs. Each
/// run keeps a bitmap of where its objects start (a bit per 8 bytes) and, per 64-bit word, how many objects come
/// before it: an address's number is a binary search among the runs and a population count, and the whole index
/// takes about 2% of the heap's size, a tenth of what a hash table of the addresses would.
/// </summary>
internal sealed class AddressIndex
{
    /// <summary>A run goes on across gaps up to this size between objects, so that it spans whole regions.</summary>
    private const ulong MaxGap = 1 << 20;

    private readonly ulong[] _firsts;
    private readonly Run[] _runs;
    private readonly int _shift;

    private AddressIndex(Run[] runs, int shift)
    {
        _runs = runs;
        _firsts = [.. runs.Select(r => r.First)];
        _shift = shift;
    }

    /// <summary>The number of the object at this address; -1 for none (or for an address reported twice, but the first time).</summary>
    public int Find(ulong address)
    {
        var index = Array.BinarySearch(_firsts, address);
        if (index < 0)
        {
            index = ~index - 1;
            if (index < 0)
            {
                return -1;
            }
        }

        var run = _runs[index];
        var offset = address - run.First;
        if (address > run.Last || (offset & ((1UL << _shift) - 1)) != 0)
        {
            return -1;
        }

        var granule = offset >> _shift;
        var word = (int)(granule >> 6);
        var below = (1UL << (int)(granule & 63)) - 1;
        var bits = run.Bits[word];
        if ((bits & (below + 1)) == 0)
        {
            return -1;
        }

        var rank = run.Ranks[word] + BitOperations.PopCount(bits & below);
        return run.Numbers is { } numbers ? numbers[rank] : run.FirstNumber + rank;
    }

    /// <summary>Takes the addresses in the order the walk reports them, which numbers the objects.</summary>
    /// <param name="pointerSize">The target's: objects are aligned to it.</param>
    public sealed class Builder(int pointerSize)
    {
        private readonly int _shift = BitOperations.Log2((uint)pointerSize);
        private readonly List<Run> _runs = [];
        private ulong[] _bits = [];
        private ulong _first;
        private ulong _last;
        private int _start;
        private int _count;

        public void Add(ulong address)
        {
            if (_count == _start || address <= _last || address - _last > MaxGap)
            {
                EndRun();
                _first = address;
            }

            var granule = (address - _first) >> _shift;
            var word = (int)(granule >> 6);
            if (word >= _bits.Length)
            {
                Array.Resize(ref _bits, Math.Max(word + 1, _bits.Length * 2));
            }

            _bits[word] |= 1UL << (int)(granule & 63);
            _last = address;
            _count++;
        }

        public AddressIndex Build()
        {
            EndRun();
            _runs.Sort((a, b) => a.First.CompareTo(b.First));
            return new AddressIndex(Disjoint(_runs, _shift), _shift);
        }

        private void EndRun()
        {
            if (_count > _start)
            {
                var bits = _bits[..((int)(((_last - _first) >> _shift) >> 6) + 1)];
                _runs.Add(new Run(_first, _last, bits, RanksOf(bits), _start, null));
            }

            Array.Clear(_bits, 0, Math.Min(_bits.Length, (int)(((_last - _first) >> _shift) >> 6) + 1));
            _start = _count;
        }

        /// <summary>
        /// The runs as they are when their address ranges do not overlap, as the runtime's walk makes them; runs that
        /// overlap (a walk in another order) are merged.
        /// </summary>
        private static Run[] Disjoint(List<Run> sorted, int shift)
        {
            var disjoint = new List<Run>();
            for (var i = 0; i < sorted.Count;)
            {
                var last = sorted[i].Last;
                var j = i + 1;
                for (; j < sorted.Count && sorted[j].First <= last; j++)
                {
                    last = Math.Max(last, sorted[j].Last);
                }

                disjoint.Add(j == i + 1 ? sorted[i] : Merged(sorted.GetRange(i, j - i), shift));
                i = j;
            }

            return [.. disjoint];
        }

        /// <summary>
        /// Runs whose ranges overlap, as one, its objects sorted by address; an address in several keeps its first
        /// number.
        /// </summary>
        private static Run Merged(List<Run> runs, int shift)
        {
            var objects = runs
                .SelectMany(run => run.Objects(shift))
                .GroupBy(o => o.Address, o => o.Number)
                .Select(g => (Address: g.Key, Number: g.Min()))
                .OrderBy(o => o.Address)
                .ToList();
            var (first, last) = (objects[0].Address, objects[^1].Address);
            var bits = new ulong[(int)(((last - first) >> shift) >> 6) + 1];
            foreach (var (address, _) in objects)
            {
                var granule = (address - first) >> shift;
                bits[granule >> 6] |= 1UL << (int)(granule & 63);
            }

            return new Run(first, last, bits, RanksOf(bits), 0, [.. objects.Select(o => o.Number)]);
        }

        private static int[] RanksOf(ulong[] bits)
        {
            var ranks = new int[bits.Length];
            for (var word = 1; word < bits.Length; word++)
            {
                ranks[word] = ranks[word - 1] + BitOperations.PopCount(bits[word - 1]);
            }

            return ranks;
        }
    }

    /// <param name="FirstNumber">The number of the run's first object, when its objects are numbered in a row.</param>
    /// <param name="Numbers">Otherwise, the number of each of its objects, in address order.</param>
    private sealed record Run(ulong First, ulong Last, ulong[] Bits, int[] Ranks, int FirstNumber, int[]? Numbers)
    {
        /// <summary>The run's objects, in address order.</summary>
        public IEnumerable<(ulong Address, int Number)> Objects(int shift)
        {
            var rank = 0;
            for (var word = 0; word < Bits.Length; word++)
            {
                for (var bits = Bits[word]; bits != 0; bits &= bits - 1)
                {
                    var granule = ((ulong)word << 6) + (ulong)BitOperations.TrailingZeroCount(bits);
                    yield return (First + (granule << shift), Numbers is { } numbers ? numbers[rank] : FirstNumber + rank);
                    rank++;
                }
            }
        }
    }
}
