using System.Globalization;

namespace Pprof.Graphs;

/// <summary>What a graph node stands for; nodes with equal infos merge. Fields left empty set the granularity.</summary>
internal readonly record struct NodeInfo(
    string Name,
    string OrigName,
    ulong Address,
    string File,
    long StartLine,
    long LineNumber,
    string ObjectFile)
{
    public static readonly NodeInfo Empty = new("", "", 0, "", 0, 0, "");

    /// <summary>The name reports print: address, function, then file:line, file, [binary] or &lt;unknown&gt;.</summary>
    public string PrintableName() => string.Join(' ', NameComponents());

    public IEnumerable<string> NameComponents()
    {
        if (Address != 0)
        {
            yield return Address.ToString("x16", CultureInfo.InvariantCulture);
        }

        if (Name.Length != 0)
        {
            yield return Name;
        }

        if (LineNumber != 0)
        {
            yield return $"{File}:{LineNumber.ToString(CultureInfo.InvariantCulture)}";
        }
        else if (File.Length != 0)
        {
            yield return File;
        }
        else if (Name.Length != 0)
        {
            // The function name says it all.
        }
        else if (ObjectFile.Length != 0)
        {
            yield return "[" + Path.GetFileName(ObjectFile) + "]";
        }
        else
        {
            yield return "<unknown>";
        }
    }

    /// <summary>A total order for ties, in the layout Go prints the struct with (pprof sorts by that text).</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{{{Name} {OrigName} {Address} {File} {StartLine} {LineNumber} {ObjectFile}}}");
}
