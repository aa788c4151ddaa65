using System.Globalization;
using System.Text.RegularExpressions;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// Full goroutine dumps, as <c>/debug/pprof/goroutine?debug=2</c> and a crashing Go program write them, which Go's
/// pprof cannot read. Each goroutine is a header <c>goroutine 7 [chan receive, 5 minutes]:</c>, then a
/// <c>function(args)</c> line and a <c>	file:line +0xOFF</c> line per frame, leaf first, maybe
/// <c>created by function</c> with its file line, and a blank line. Goroutines with the same stack and state make one
/// sample whose value is how many they are; the state is the sample's <c>state</c> label.
/// </summary>
internal static partial class GoroutineDumpParser
{
    private const string ElidedFrames = "...additional frames elided...";

    // Verbose tracebacks (GOTRACEBACK=system) add gp=, m= and mp= fields before the state.
    [GeneratedRegex(@"^goroutine [0-9]+ [^\[]*\[([^\]]*)\]:$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^created by (.+?)(?: in goroutine [0-9]+)?$")]
    private static partial Regex CreatedBy();

    [GeneratedRegex(@"^\t(.+):([0-9]+)(?: .*)?$")]
    private static partial Regex FileLine();

    public static bool IsHeader(string line) => Header().IsMatch(line);

    /// <param name="lines">Before the first line, the first goroutine's header.</param>
    public static Profile Parse(TextLines lines)
    {
        if (!lines.MoveNext() || !IsHeader(lines.Current))
        {
            throw new UnrecognizedFormatException();
        }

        var builder = new GoroutineStacks();
        string? state = null;
        string? function = null;
        var frames = new List<int>();
        do
        {
            var line = lines.Current;
            if (function is not null && !line.StartsWith('\t'))
            {
                throw lines.Error($"expected the '\\tfile:line' of {TextLines.Quote(function)} on this line, got {TextLines.Quote(line)}");
            }

            if (line.Length == 0)
            {
                EndGoroutine();
            }
            else if (Header().Match(line) is { Success: true } header)
            {
                EndGoroutine();
                state = header.Groups[1].Value.Split(", ")[0];
            }
            else if (state is null)
            {
                throw lines.Error($"expected a goroutine header like 'goroutine 1 [running]:', got {TextLines.Quote(line)}");
            }
            else if (line[0] == '\t')
            {
                // Without a pending function this is a note, such as "goroutine running on other thread; stack unavailable".
                if (function is not null)
                {
                    frames.Add(builder.LocationFor(function, ParseFileLine(lines, line)));
                    function = null;
                }
            }
            else if (line != ElidedFrames)
            {
                function = CreatedBy().Match(line) is { Success: true } createdBy ? createdBy.Groups[1].Value : FunctionName(lines, line);
            }
        }
        while (lines.MoveNext());

        if (function is not null)
        {
            throw lines.Error($"the input ends before the '\\tfile:line' of {TextLines.Quote(function)}");
        }

        EndGoroutine();
        return builder.ToProfile();

        void EndGoroutine()
        {
            if (state is not null)
            {
                builder.AddGoroutine(frames, state);
            }

            state = null;
            frames.Clear();
        }
    }

    private static (string File, long Line) ParseFileLine(TextLines lines, string line)
    {
        var match = FileLine().Match(line);
        return match.Success && long.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? (match.Groups[1].Value, number)
            : throw lines.Error($"expected '\\tfile:line +0xOFFSET', got {TextLines.Quote(line)}");
    }

    /// <summary>The function of a <c>function(args)</c> line: what precedes the parenthesis matching the last one.</summary>
    private static string FunctionName(TextLines lines, string line)
    {
        if (line.EndsWith(')'))
        {
            var depth = 0;
            for (var i = line.Length - 1; i > 0; i--)
            {
                depth += line[i] switch { ')' => 1, '(' => -1, _ => 0 };
                if (depth == 0)
                {
                    return line[..i];
                }
            }
        }

        throw lines.Error($"expected a call like 'main.f(0x1)' or a 'created by' line, got {TextLines.Quote(line)}");
    }
}
