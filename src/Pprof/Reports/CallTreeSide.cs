namespace Pprof.Reports;

/// <summary>One side of a comparison's call tree (<see cref="CallTreeSamples.DiffBaseApart"/>), by frame of the comparison's tree.</summary>
/// <param name="Values">The value of the side's stacks through the frame, as the side's own tree has it.</param>
/// <param name="Widths">
/// Σ|value| of the side's stacks through the frame, the room it takes in a picture, as the side's own tree has it:
/// the same array as <paramref name="Values"/> where no sample of the side is negative. Above 0 where the side's
/// samples reach the frame, that is where the side's own tree has it.
/// </param>
public readonly record struct CallTreeSide(long[] Values, long[] Widths);
