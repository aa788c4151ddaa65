namespace Pprof.Profiles;

/// <summary>What survives aggregation: the granularity of a report.</summary>
internal sealed record AggregationLevel(bool InlineFrames, bool Function, bool Filename, bool LineNumber, bool Address);

internal static class Aggregation
{
    /// <summary>
    /// Forgets what the granularity does not show (names, files, lines, addresses, inline frames) so that
    /// frames that differ only there fall into one graph node.
    /// </summary>
    public static void Aggregate(Profile profile, AggregationLevel level)
    {
        foreach (var mapping in profile.Mappings)
        {
            mapping.HasInlineFrames &= level.InlineFrames;
            mapping.HasFunctions &= level.Function;
            mapping.HasFilenames &= level.Filename;
            mapping.HasLineNumbers &= level.LineNumber;
        }

        if (!level.Function || !level.Filename)
        {
            foreach (var function in profile.Functions)
            {
                if (!level.Function)
                {
                    function.Name = "";
                    function.SystemName = "";
                }

                if (!level.Filename)
                {
                    function.Filename = "";
                }
            }
        }

        if (level.InlineFrames && level.Address && level.LineNumber)
        {
            return;
        }

        foreach (var location in profile.Locations)
        {
            if (!level.InlineFrames && location.Lines.Length > 1)
            {
                location.Lines = location.Lines[^1..];
            }

            if (!level.LineNumber)
            {
                location.Lines = [.. location.Lines.Select(l => l with { Number = 0, Column = 0 })];
            }

            if (!level.Address)
            {
                location.Address = 0;
            }
        }
    }
}
