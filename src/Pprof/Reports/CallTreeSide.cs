namespace Pprof.Reports;

/// <summary>One side of a comparison's call tree (<see cref="CallTreeSamples.DiffBaseApart"/>).</summary>
/// <param name="Selves">By frame of the comparison's tree: the value of the side's samples that end there.</param>
/// <param name="HasNegativeSamples">Some sample of the side had a negative value, so its frames' widths are Σ|value| rather than their values.</param>
public readonly record struct CallTreeSide(long[] Selves, bool HasNegativeSamples);
