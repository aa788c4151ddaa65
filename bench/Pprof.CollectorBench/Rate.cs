namespace Pprof.CollectorBench;

/// <summary>The allocation target's progress over one window.</summary>
internal readonly record struct Rate(double OperationsPerSecond, double BytesPerSecond);
