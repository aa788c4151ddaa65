namespace Pprof.CollectorBench;

/// <summary>The allocation target's progress over one window.</summary>
/// <param name="CpuMicrosecondsPerOperation">
/// The target's CPU time (user and system, all threads) per operation: what tracing adds to the app's own work, which a
/// machine busy with other processes disturbs much less than the operations per second.
/// </param>
/// <param name="TracerCpuShare">The tracer's own CPU time over the window, as a share of one core (0 without a tracer).</param>
internal readonly record struct Rate(double OperationsPerSecond, double BytesPerSecond, double CpuMicrosecondsPerOperation, double TracerCpuShare = 0);
