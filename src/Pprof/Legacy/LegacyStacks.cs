namespace Pprof.Legacy;

/// <summary>Repairs pprof makes to the stacks of profiles taken from a signal handler.</summary>
internal static class LegacyStacks
{
    /// <summary>
    /// Drops the second frame when it repeats the leaf: the handler may get the leaf both from the signal context and
    /// by unwinding, and only the unwound copy was moved back by one as a return address.
    /// </summary>
    public static void DropRepeatedLeaf(List<ulong> addresses)
    {
        if (addresses.Count > 1 && addresses[0] == unchecked(addresses[1] + 1))
        {
            addresses.RemoveAt(1);
        }
    }
}
