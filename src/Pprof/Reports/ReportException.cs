namespace Pprof.Reports;

/// <summary>A report cannot be produced as asked (for example a <c>-peek</c> regexp that matches nothing).</summary>
public sealed class ReportException(string message) : Exception(message);
