namespace Pprof.Collector.Inlining;

/// <summary>
/// What a frame's code was doing at its address, which the stack tells: allocating an object of a type (the leaf of an
/// allocation stack) or calling the next frame's method. Names are without generic arguments.
/// </summary>
internal abstract record FrameActivity;

internal sealed record Allocating(string TypeName) : FrameActivity;

/// <param name="Method">The callee as <c>Namespace.Type.Method</c>.</param>
internal sealed record Calling(string Method) : FrameActivity
{
    /// <summary>The method's own name, <c>.ctor</c> for a constructor.</summary>
    public string ShortName
    {
        get
        {
            var dot = Method.LastIndexOf('.');
            return dot > 0 && Method[dot - 1] == '.' ? Method[(dot - 1)..] : Method[(dot + 1)..];
        }
    }
}
