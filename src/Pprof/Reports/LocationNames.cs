namespace Pprof.Reports;

/// <summary>What the name filters read of a location: by line, innermost first, its function's name and file (null for a line without a function), and its binary's name.</summary>
internal sealed record LocationNames((string Name, string File)?[] Lines, string? Binary);
