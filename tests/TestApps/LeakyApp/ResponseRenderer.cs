using System.Runtime.CompilerServices;

namespace LeakyApp;

/// <summary>
/// Garbage, not a leak: each request renders a 16 KiB response that the next one replaces, so an allocation profile
/// names this method while a heap profile of what is still in use hardly does.
/// </summary>
public static class ResponseRenderer
{
    public const int ResponseBytes = 16 * 1024;

    // Kept in a field so that the JIT cannot drop the allocation; only the latest response stays reachable.
    private static byte[] _lastResponse = [];

    public static int LastLength => _lastResponse.Length;

    // Not inlined, so that this method is the allocation site the profiles name.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Render(int request)
    {
        var response = new byte[ResponseBytes];
        response[^1] = (byte)request;
        _lastResponse = response;
    }
}
