namespace Pprof.Collector;

/// <summary>
/// A list that grows by fixed-size chunks, for the millions of entries of a heap walk: growing copies nothing and
/// leaves no spare half, as a doubling list does.
/// </summary>
internal sealed class ChunkedList<T>
    where T : struct
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;
    private const int Mask = ChunkSize - 1;

    private readonly List<T[]> _chunks = [];

    public int Count { get; private set; }

    public T this[int index]
    {
        get => _chunks[index >> ChunkBits][index & Mask];
        set => _chunks[index >> ChunkBits][index & Mask] = value;
    }

    public static ChunkedList<T> From(IEnumerable<T> values)
    {
        var list = new ChunkedList<T>();
        foreach (var value in values)
        {
            list.Add(value);
        }

        return list;
    }

    public void Add(T value)
    {
        if ((Count & Mask) == 0)
        {
            _chunks.Add(new T[ChunkSize]);
        }

        _chunks[^1][Count & Mask] = value;
        Count++;
    }

    public void Clear()
    {
        _chunks.Clear();
        Count = 0;
    }
}
