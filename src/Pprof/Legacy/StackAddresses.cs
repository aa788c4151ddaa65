namespace Pprof.Legacy;

/// <summary>What the addresses of a legacy stack are, leaf first, and so whether pprof moves them back by one.</summary>
internal enum StackAddresses
{
    /// <summary>Every frame is a return address, just after its call.</summary>
    ReturnAddresses,

    /// <summary>The leaf is where the thread was (taken from the signal context); the frames above it return addresses.</summary>
    LeafThenReturnAddresses,

    /// <summary>Addresses used as they are (Java's are frame ids).</summary>
    Exact,
}
