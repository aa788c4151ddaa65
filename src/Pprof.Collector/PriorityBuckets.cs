namespace Pprof.Collector;

/// <summary>
/// A max-priority queue of the items 0..capacity-1, for priorities that repeat a lot: a first-in first-out list per
/// distinct priority, threaded through one array, and a heap of the priorities that have items. Items of equal
/// priority come out in the order they went in, so it orders exactly as a heap of (priority, insertion order) does,
/// but it costs a few array accesses per item rather than a heap operation on millions of entries.
/// </summary>
internal sealed class PriorityBuckets(int capacity)
{
    private const int None = -1;

    private readonly int[] _next = new int[capacity];
    private readonly Dictionary<double, int> _buckets = [];
    private readonly List<(int Head, int Tail)> _lists = [];
    private readonly PriorityQueue<int, double> _nonEmpty = new(Comparer<double>.Create((a, b) => b.CompareTo(a)));

    public void Enqueue(int item, double priority)
    {
        if (!_buckets.TryGetValue(priority, out var bucket))
        {
            bucket = _lists.Count;
            _buckets[priority] = bucket;
            _lists.Add((None, None));
        }

        _next[item] = None;
        var (head, tail) = _lists[bucket];
        if (head == None)
        {
            _lists[bucket] = (item, item);
            _nonEmpty.Enqueue(bucket, priority);
        }
        else
        {
            _next[tail] = item;
            _lists[bucket] = (head, item);
        }
    }

    public bool TryDequeue(out int item, out double priority)
    {
        if (!_nonEmpty.TryPeek(out var bucket, out priority))
        {
            item = None;
            return false;
        }

        var (head, tail) = _lists[bucket];
        item = head;
        if (head == tail)
        {
            _lists[bucket] = (None, None);
            _nonEmpty.Dequeue();
        }
        else
        {
            _lists[bucket] = (_next[head], tail);
        }

        return true;
    }
}
