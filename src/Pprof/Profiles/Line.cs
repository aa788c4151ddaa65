namespace Pprof.Profiles;

/// <summary>One frame of a location: a function and a source line. A location holds several when calls were inlined.</summary>
public readonly record struct Line(Function? Function, long Number, long Column = 0);
