using System.Globalization;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// Names frames from the comments Go writes under each stack of a <c>?debug=1</c> profile,
/// <c>#	0xADDR	function+0xOFF	file:line</c>: one per frame, leaf first (several for one address when calls were
/// inlined), or just <c>#	0xADDR</c> for a frame without a name. Other comments are ignored.
/// </summary>
/// <remarks>
/// Go leaves out <c>runtime.goexit</c>, the root of every goroutine, and the runtime functions at the leaf end of a
/// stack. Frames left out after the first described one are therefore named <c>runtime.goexit</c>, and those before
/// it <see cref="HiddenRuntimeFunction"/>, so that pprof's drop_frames remove allocator internals as it does for
/// symbolized profiles. A location named by a comment anywhere keeps that name.
/// </remarks>
internal sealed class SymbolComments(List<Location> locations)
{
    public const string HiddenRuntimeFunction = "runtime.(hidden)";
    private const string GoroutineRoot = "runtime.goexit";

    private readonly Dictionary<(string Name, string File), Function> _functions = [];
    private readonly List<Line> _pending = [];
    private readonly HashSet<int> _hidden = [];
    private readonly HashSet<int> _roots = [];
    private int[] _stack = [];
    private bool[] _described = [];
    private int _position = -1;

    public List<Function> Functions { get; } = [];

    /// <summary>Starts the comments of a new sample, whose stack indexes the locations.</summary>
    public void BeginSample(ReadOnlySpan<int> stack)
    {
        EndSample();
        _stack = stack.ToArray();
        _described = new bool[stack.Length];
        _position = -1;
    }

    public void Read(string comment)
    {
        if (!TryParse(comment, out var address, out var frame))
        {
            return;
        }

        // Frames are described in stack order, so a comment names the next frame with its address; one that
        // matches only the frame just named is an inlined call at the same address.
        var next = Find(address, _position + 1);
        if (next >= 0)
        {
            Flush();
            _position = next;
            _described[next] = true;
        }
        else if (_position < 0 || !Matches(_position, address))
        {
            return;
        }

        if (frame is { } line)
        {
            _pending.Add(line);
        }
    }

    /// <summary>Names the frames Go left out that no comment named.</summary>
    public void Finish()
    {
        EndSample();
        foreach (var (indices, name) in new[] { (_roots, GoroutineRoot), (_hidden, HiddenRuntimeFunction) })
        {
            foreach (var index in indices)
            {
                if (locations[index].Lines.Length == 0)
                {
                    locations[index].Lines = [new Line(FunctionFor(name, ""), 0)];
                }
            }
        }
    }

    private void EndSample()
    {
        Flush();
        var first = Array.IndexOf(_described, true);
        if (first < 0)
        {
            return;
        }

        for (var i = 0; i < _stack.Length; i++)
        {
            if (i < first)
            {
                _hidden.Add(_stack[i]);
            }
            else if (!_described[i])
            {
                _roots.Add(_stack[i]);
            }
        }
    }

    private int Find(ulong address, int from)
    {
        for (var i = from; i < _stack.Length; i++)
        {
            if (Matches(i, address))
            {
                return i;
            }
        }

        return -1;
    }

    // Comments show the call instruction (return address - 1), as the location does; some writers show the return address.
    private bool Matches(int position, ulong address)
    {
        var location = locations[_stack[position]].Address;
        return location == address || (address != 0 && location == address - 1);
    }

    private void Flush()
    {
        if (_position >= 0 && _pending.Count > 0 && locations[_stack[_position]] is { Lines.Length: 0 } location)
        {
            location.Lines = [.. _pending];
        }

        _pending.Clear();
    }

    private bool TryParse(string comment, out ulong address, out Line? frame)
    {
        address = 0;
        frame = null;
        var fields = comment[1..].Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length == 0 || !fields[0].StartsWith("0x", StringComparison.Ordinal)
            || !ulong.TryParse(fields[0].AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out address))
        {
            return false;
        }

        if (fields.Length >= 3)
        {
            var (file, number) = SplitFileLine(fields[2]);
            frame = new Line(FunctionFor(WithoutOffset(fields[1]), file), number);
        }

        return true;
    }

    private Function FunctionFor(string name, string file)
    {
        if (!_functions.TryGetValue((name, file), out var function))
        {
            function = new Function { Id = (ulong)Functions.Count + 1, Name = name, SystemName = name, Filename = file };
            _functions[(name, file)] = function;
            Functions.Add(function);
        }

        return function;
    }

    private static string WithoutOffset(string symbol)
    {
        var plus = symbol.LastIndexOf("+0x", StringComparison.Ordinal);
        return plus > 0 ? symbol[..plus] : symbol;
    }

    private static (string File, long Number) SplitFileLine(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? (text[..colon], number)
            : (text, 0);
    }
}
