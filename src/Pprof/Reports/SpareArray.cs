namespace Pprof.Reports;

/// <summary>
/// One array of <typeparamref name="T"/> kept between uses, whatever thread uses it next, for passes that need an
/// array of a tree's size for their own time only: fresh memory costs a page fault a page, which on a tree of millions
/// of frames takes longer than the pass's work on it, while clearing memory already in use is quick. The shared array
/// pool would keep one per thread that used it, and requests run on any.
/// </summary>
internal static class SpareArray<T>
{
    private static T[]? s_spare;

    /// <summary>An array of at least <paramref name="length"/> elements, the first <paramref name="length"/> of them cleared.</summary>
    public static T[] Take(int length)
    {
        var array = Interlocked.Exchange(ref s_spare, null);
        if (array is null || array.Length < length)
        {
            return new T[length];
        }

        array.AsSpan(0, length).Clear();
        return array;
    }

    /// <summary>Keeps <paramref name="array"/> for the next <see cref="Take"/>, unless a larger one is kept already.</summary>
    public static void Give(T[] array)
    {
        var kept = Volatile.Read(ref s_spare);
        if (kept is null || kept.Length <= array.Length)
        {
            Interlocked.CompareExchange(ref s_spare, array, kept);
        }
    }
}
