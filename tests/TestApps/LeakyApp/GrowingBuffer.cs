namespace LeakyApp;

/// <summary>
/// A buffer that doubles and never shrinks. It stops at 4 MiB, reached during the warm-up, so that a LeakyApp left
/// running cannot take the machine down through this leak and so that later allocations come from the cache alone.
/// </summary>
public static class GrowingBuffer
{
    private const int MaxBytes = 4 * 1024 * 1024;

    private static byte[] _buffer = new byte[64 * 1024];

    public static int Length => _buffer.Length;

    public static void Double()
    {
        if (_buffer.Length >= MaxBytes)
        {
            return;
        }

        var bigger = new byte[_buffer.Length * 2];
        _buffer.CopyTo(bigger, 0);
        _buffer = bigger;
    }
}
