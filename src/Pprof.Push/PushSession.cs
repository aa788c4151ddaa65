using System.Security.Cryptography;

namespace Pprof.Push;

/// <summary>
/// The <c>__session_id__</c> of this process: 8 random bytes in hex, as Pyroscope's session ids are written. It tells
/// the series of one run of a service from those of its restarts.
/// </summary>
public static class PushSession
{
    public static string Id { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
