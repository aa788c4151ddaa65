using Pprof.Profiles;

namespace Pprof.Reports;

/// <summary>
/// A sample's stack read as the call tree's frames, from the root down, with each location's inlined lines expanded
/// as <see cref="StackTable"/> numbers them: for passes over the samples that make no tree of them all. One buffer is
/// read into sample after sample.
/// </summary>
internal sealed class StackFrames
{
    private readonly int[][] _locationFrames;
    private int[] _frames = new int[64];

    public StackFrames(Profile profile) => _locationFrames = StackTable.LocationFrames(profile, Names);

    /// <summary>By frame number: the frame's name as reports print it, and the function alone.</summary>
    public List<(string Name, string Function)> Names { get; } = [];

    /// <summary>The frames of the stack read last.</summary>
    public ReadOnlySpan<int> Frames => _frames.AsSpan(0, Count);

    public int Count { get; private set; }

    /// <summary>Reads <paramref name="stack"/>, a sample's locations from the innermost out.</summary>
    public void Read(ReadOnlySpan<int> stack)
    {
        Count = 0;
        for (var i = stack.Length - 1; i >= 0; i--)
        {
            foreach (var frame in _locationFrames[stack[i]])
            {
                if (Count == _frames.Length)
                {
                    Array.Resize(ref _frames, _frames.Length * 2);
                }

                _frames[Count++] = frame;
            }
        }
    }
}
