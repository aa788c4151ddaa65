namespace Pprof.Leaks;

/// <summary>A series as a row of eighth blocks (U+2581–U+2588), from its minimum to its maximum.</summary>
public static class Sparkline
{
    private const char Lowest = '\u2581';

    public static string Of(IReadOnlyList<double> values)
    {
        var (min, max) = (values.Min(), values.Max());
        var blocks = new char[values.Count];
        for (var i = 0; i < blocks.Length; i++)
        {
            var level = max > min ? (int)Math.Round(7 * (values[i] - min) / (max - min)) : 0;
            blocks[i] = (char)(Lowest + level);
        }

        return new string(blocks);
    }
}
