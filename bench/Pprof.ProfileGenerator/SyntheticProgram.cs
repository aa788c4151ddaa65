namespace Pprof.ProfileGenerator;

/// <summary>
/// A made-up Go program: packages of functions, each with a few call sites (locations, some with inlined frames),
/// each call site calling one function; samples are random walks down this call graph, so stacks share prefixes
/// as real ones do but are nearly all distinct.
/// </summary>
internal sealed class SyntheticProgram
{
    private const int Packages = 1_000;
    private const int FunctionsPerPackage = 100;
    private const int CallSitesPerFunction = 4;
    private const int Roots = 64;
    private const int MaxDepth = 64;
    private const long Period = 10_000_000;

    private static readonly string[] Verbs = ["Get", "Put", "Handle", "Parse", "Encode", "Decode", "Scan", "Merge", "Flush", "Load", "Apply", "Visit"];
    private static readonly string[] Nouns = ["Request", "Order", "Index", "Block", "Cache", "Token", "Batch", "Frame", "Entry", "Header", "Span", "Query"];

    private readonly Random _random;
    private readonly List<string> _strings = [""];
    private readonly Dictionary<string, int> _stringIds = new() { [""] = 0 };
    private readonly (int Name, int File, int StartLine)[] _functions;
    private readonly (int Function, int Line, int InlinedFunction, int Callee)[] _locations;
    private readonly int[] _handlers;
    private readonly int _handlerKey;
    private readonly int[] _names;
    private readonly ulong[] _stack = new ulong[MaxDepth];

    public SyntheticProgram(Random random)
    {
        _random = random;
        _functions = new (int, int, int)[Packages * FunctionsPerPackage];
        for (var f = 0; f < _functions.Length; f++)
        {
            var package = f / FunctionsPerPackage;
            var path = $"github.com/acme/service{package % 37}/internal/{Nouns[package % Nouns.Length].ToLowerInvariant()}{package}";
            var name = $"{path}.(*{Nouns[random.Next(Nouns.Length)]}{f % 97}).{Verbs[random.Next(Verbs.Length)]}{Nouns[random.Next(Nouns.Length)]}{f}";
            var file = $"{path}/{Nouns[f % Nouns.Length].ToLowerInvariant()}_{f % 13}.go";
            _functions[f] = (Intern(name), Intern(file), random.Next(1, 2000));
        }

        // Call sites mostly call into their own or a nearby package, now and then anywhere.
        _locations = new (int, int, int, int)[_functions.Length * CallSitesPerFunction];
        for (var l = 0; l < _locations.Length; l++)
        {
            var function = l / CallSitesPerFunction;
            var package = function / FunctionsPerPackage;
            var calleePackage = random.Next(10) == 0 ? random.Next(Packages) : Math.Clamp(package + random.Next(-3, 4), 0, Packages - 1);
            var callee = calleePackage * FunctionsPerPackage + random.Next(FunctionsPerPackage);
            var inlined = random.Next(6) == 0 ? random.Next(_functions.Length) + 1 : 0;
            _locations[l] = (function, _functions[function].StartLine + random.Next(1, 300), inlined, callee);
        }

        _names = [.. new[] { "samples", "count", "cpu", "nanoseconds", "/usr/local/bin/service", "6b1f0c9e4f2a7d3b" }.Select(Intern)];
        _handlerKey = Intern("handler");
        _handlers = [.. Enumerable.Range(0, 200).Select(h => Intern($"/api/v{h % 3 + 1}/{Nouns[h % Nouns.Length].ToLowerInvariant()}s/{h}"))];
    }

    public int LocationCount => _locations.Length;

    public int FunctionCount => _functions.Length;

    public void WriteHeader(ProtoOutput proto)
    {
        proto.Message(1, m => { m.Varint(1, (ulong)_names[0]); m.Varint(2, (ulong)_names[1]); });
        proto.Message(1, m => { m.Varint(1, (ulong)_names[2]); m.Varint(2, (ulong)_names[3]); });
        proto.Flush();
    }

    /// <summary>One sample: a walk from a root down the call graph, written leaf first.</summary>
    public void WriteSample(ProtoOutput proto)
    {
        var depth = 0;
        var location = _random.Next(Roots) * CallSitesPerFunction * FunctionsPerPackage;
        while (true)
        {
            _stack[depth++] = (ulong)location + 1;
            if (depth == MaxDepth || _random.Next(24) == 0)
            {
                break;
            }

            location = _locations[location].Callee * CallSitesPerFunction + _random.Next(CallSitesPerFunction);
        }

        _stack.AsSpan(0, depth).Reverse();
        var count = 1 + (ulong)Math.Min(40, (int)(-Math.Log(1 - _random.NextDouble()) * 2));
        var labelled = _random.Next(5) == 0;
        var handler = labelled ? _handlers[_random.Next(_handlers.Length)] : 0;
        proto.Message(2, m =>
        {
            m.Packed(1, _stack.AsSpan(0, depth));
            m.Packed(2, [count, count * Period]);
            if (labelled)
            {
                m.Message(3, label => { label.Varint(1, (ulong)_handlerKey); label.Varint(2, (ulong)handler); });
            }
        });
        proto.Flush();
    }

    /// <summary>Mappings, locations, functions, the string table and the scalars: what follows the samples in Go's order.</summary>
    public void WriteTables(ProtoOutput proto)
    {
        var (cpu, nanoseconds, binary, buildId) = (_names[2], _names[3], _names[4], _names[5]);
        proto.Message(3, m =>
        {
            m.Varint(1, 1);
            m.Varint(2, 0x400000);
            m.Varint(3, 0x400000 + (ulong)_locations.Length * 64);
            m.Varint(5, (ulong)binary);
            m.Varint(6, (ulong)buildId);
            m.Varint(7, 1);
            m.Varint(8, 1);
            m.Varint(9, 1);
        });
        proto.Flush();
        for (var l = 0; l < _locations.Length; l++)
        {
            var (function, line, inlined, _) = _locations[l];
            proto.Message(4, m =>
            {
                m.Varint(1, (ulong)l + 1);
                m.Varint(2, 1);
                m.Varint(3, 0x400000 + (ulong)l * 64 + (ulong)(l % 61));
                if (inlined != 0)
                {
                    m.Message(4, i => { i.Varint(1, (ulong)inlined); i.Varint(2, (ulong)_functions[inlined - 1].StartLine + 3); });
                }

                m.Message(4, i => { i.Varint(1, (ulong)function + 1); i.Varint(2, (ulong)line); });
            });
            proto.Flush();
        }

        for (var f = 0; f < _functions.Length; f++)
        {
            var (name, file, startLine) = _functions[f];
            proto.Message(5, m =>
            {
                m.Varint(1, (ulong)f + 1);
                m.Varint(2, (ulong)name);
                m.Varint(3, (ulong)name);
                m.Varint(4, (ulong)file);
                m.Varint(5, (ulong)startLine);
            });
            proto.Flush();
        }

        foreach (var value in _strings)
        {
            proto.String(6, value);
            proto.Flush();
        }

        proto.Varint(9, 1_700_000_000_000_000_000);
        proto.Varint(10, 60_000_000_000);
        proto.Message(11, m => { m.Varint(1, (ulong)cpu); m.Varint(2, (ulong)nanoseconds); });
        proto.Varint(12, Period);
        proto.Flush();
    }

    private int Intern(string value)
    {
        if (!_stringIds.TryGetValue(value, out var id))
        {
            id = _strings.Count;
            _strings.Add(value);
            _stringIds[value] = id;
        }

        return id;
    }
}
