using System.Text.RegularExpressions;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// Gives the locations of a legacy profile their mappings with pprof's heuristics: split mappings are joined, the
/// main binary goes first, and addresses outside every mapping (all of them when the profile has no memory map,
/// as Go's profiles do not) fall into one unnamed mapping that covers the whole address space.
/// </summary>
internal static partial class LegacyMappings
{
    private const ulong ExpectedMainStart = 0x400000;

    [GeneratedRegex(@"([.]so$|[.]so[._][0-9]+)")]
    private static partial Regex SharedLibrary();

    /// <returns>The mappings of the profile, numbered 1..N.</returns>
    public static List<Mapping> Assign(List<Location> locations, List<Mapping> memoryMap)
    {
        var mappings = JoinAdjacent(memoryMap);
        MoveMainBinaryFirst(mappings);
        if (mappings.Count > 1 && mappings[0].File.StartsWith("/anon_hugepage", StringComparison.Ordinal)
            && mappings[0].Limit == mappings[1].Start)
        {
            mappings.RemoveAt(0);
        }

        if (mappings.Count > 0 && unchecked(mappings[0].Start - mappings[0].Offset) == ExpectedMainStart)
        {
            mappings[0].Start = ExpectedMainStart;
            mappings[0].Offset = 0;
        }

        Mapping? everything = null;
        foreach (var location in locations)
        {
            if (location.Address == 0)
            {
                continue;
            }

            location.Mapping = Containing(mappings, location.Address);
            if (location.Mapping is null)
            {
                everything ??= AddEverythingMapping(mappings);
                location.Mapping = everything;
            }

            if (location.Lines.Length > 0)
            {
                location.Mapping.HasFunctions = location.Mapping.HasFilenames = location.Mapping.HasLineNumbers = true;
            }
        }

        for (var i = 0; i < mappings.Count; i++)
        {
            mappings[i].Id = (ulong)i + 1;
        }

        return mappings;
    }

    private static Mapping AddEverythingMapping(List<Mapping> mappings)
    {
        var mapping = new Mapping { Limit = ulong.MaxValue };
        mappings.Add(mapping);
        return mapping;
    }

    private static Mapping? Containing(List<Mapping> mappings, ulong address)
    {
        foreach (var mapping in mappings)
        {
            if (mapping.Start <= address && address < mapping.Limit)
            {
                return mapping;
            }
        }

        // Some writers leave out the first part of a mapping split in two; its offset tells where it began.
        foreach (var mapping in mappings)
        {
            if (mapping.Offset != 0 && unchecked(mapping.Start - mapping.Offset) <= address && address < mapping.Start)
            {
                mapping.Start -= mapping.Offset;
                mapping.Offset = 0;
                return mapping;
            }
        }

        return null;
    }

    private static List<Mapping> JoinAdjacent(List<Mapping> memoryMap)
    {
        var joined = new List<Mapping>();
        foreach (var mapping in memoryMap)
        {
            if (joined.Count > 0 && Adjacent(joined[^1], mapping))
            {
                var last = joined[^1];
                last.Limit = mapping.Limit;
                if (mapping.File.Length != 0)
                {
                    last.File = mapping.File;
                }

                if (mapping.BuildId.Length != 0)
                {
                    last.BuildId = mapping.BuildId;
                }

                continue;
            }

            joined.Add(mapping);
        }

        return joined;
    }

    private static bool Adjacent(Mapping first, Mapping second) =>
        (first.File.Length == 0 || second.File.Length == 0 || first.File == second.File)
        && (first.BuildId.Length == 0 || second.BuildId.Length == 0 || first.BuildId == second.BuildId)
        && first.Limit == second.Start
        && (first.Offset == 0 || second.Offset == 0 || unchecked(first.Offset + (first.Limit - first.Start)) == second.Offset);

    private static void MoveMainBinaryFirst(List<Mapping> mappings)
    {
        for (var i = 0; i < mappings.Count; i++)
        {
            var file = mappings[i].File.Replace("(deleted)", "", StringComparison.Ordinal).Trim();
            if (file.Length != 0 && !SharedLibrary().IsMatch(file) && file[0] != '[')
            {
                (mappings[0], mappings[i]) = (mappings[i], mappings[0]);
                return;
            }
        }
    }
}
