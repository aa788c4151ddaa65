namespace Pprof.Legacy;

/// <summary>A sample read before its stack is final: its values and its frames' addresses, leaf first.</summary>
internal sealed record LegacySample(long[] Values, List<ulong> Addresses);
