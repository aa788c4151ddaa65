namespace Pprof.Web;

/// <summary>
/// A frame of a flame graph that is not a <see cref="Pprof.Reports.CallTreeTable"/> frame itself (a sandwich's
/// callers or callees, a side of the diff), read as the picture reaches it: only the frames a picture keeps have their
/// callees listed, so that a tree of millions of frames costs what is drawn of it.
/// </summary>
internal interface IFlameFrame
{
    string Name { get; }

    /// <summary>The value of the stacks through the frame (negative where a comparison shrank).</summary>
    long Value { get; }

    /// <summary>The value of the stacks that end at the frame.</summary>
    long Self { get; }

    /// <summary>Σ|value| of the stacks through the frame: the room it takes in a picture, where growth and shrinkage both show.</summary>
    long Width { get; }

    /// <summary>The callees, widest first; each callee's name once.</summary>
    IReadOnlyList<IFlameFrame> Callees { get; }

    /// <summary>The value of the callees that <see cref="Callees"/> leaves out, summed: those a tree of part of the frames does not hold.</summary>
    long Unlisted => 0;
}
