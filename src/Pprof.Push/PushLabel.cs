namespace Pprof.Push;

/// <summary>One label of a series (Pyroscope's <c>types.v1.LabelPair</c>).</summary>
public readonly record struct PushLabel(string Name, string Value);
