namespace Pprof.CollectorBench;

/// <summary>The allocation target's progress over one window.</summary>
/// <param name="CpuMicrosecondsPerOperation">
/// The target's CPU time (user and system, all threads) per operation: what tracing adds to the app's own work, which a
/// machine busy with other processes disturbs much less than the operations per second.
/// </param>
internal readonly record struct Rate(double OperationsPerSecond, double BytesPerSecond, double CpuMicrosecondsPerOperation);
