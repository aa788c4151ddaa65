using System.Globalization;

namespace Pprof.Leaks;

/// <summary>
/// The <c># runtime.MemStats</c> block at the end of Go's <c>debug=1</c> heap profiles: what the Go runtime holds
/// from the operating system beside the live heap, as memory readings of the profile's digest.
/// </summary>
public static class GoMemStats
{
    public const string HeapAlloc = "go_heap_alloc";
    public const string IdleNotReleased = "go_heap_idle_unreleased";
    public const string Sys = "go_sys";

    /// <summary>Adds the readings of a text profile's MemStats block, if it has one, to the digest.</summary>
    public static void Read(string file, ProfileDigest digest)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        var inBlock = false;
        foreach (var line in File.ReadLines(file))
        {
            inBlock |= line == "# runtime.MemStats";
            var equals = line.IndexOf(" = ", StringComparison.Ordinal);
            if (inBlock && line.StartsWith("# ", StringComparison.Ordinal) && equals > 2
                && long.TryParse(line.AsSpan(equals + 3), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                values[line[2..equals]] = value;
            }
        }

        if (values.TryGetValue("HeapAlloc", out var alloc))
        {
            digest.Memory[HeapAlloc] = alloc;
        }

        if (values.TryGetValue("HeapIdle", out var idle) && values.TryGetValue("HeapReleased", out var released))
        {
            digest.Memory[IdleNotReleased] = idle - released;
        }

        if (values.TryGetValue("Sys", out var sys))
        {
            digest.Memory[Sys] = sys;
        }
    }
}
