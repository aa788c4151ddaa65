using Pprof.Collector;

namespace DotnetPprof;

/// <summary>One line on the terminal's stderr, rewritten in place, telling how far a collection has got.</summary>
internal sealed class TerminalProgress(TextWriter terminal, string what) : IProgress<CollectionProgress>
{
    private int _width;

    public void Report(CollectionProgress value)
    {
        var line = value.Analyzing
            ? $"{what}: {Size(value.Bytes)} collected in {value.Elapsed.TotalSeconds:0.0}s, making the profile..."
            : $"{what}: {value.Elapsed.TotalSeconds:0.0}s of {value.Duration.TotalSeconds:0.#}s, "
                + $"{Size(value.Bytes)} so far (Ctrl+C stops early)";
        terminal.Write("\r" + line.PadRight(_width));
        _width = Math.Max(_width, line.Length);
        terminal.Flush();
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} kB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.0} MB",
        _ => $"{bytes / 1024.0 / 1024 / 1024:0.00} GB",
    };

    /// <summary>Wipes the line, so that what is printed next starts on a clean one.</summary>
    public void Clear()
    {
        if (_width > 0)
        {
            terminal.Write("\r" + new string(' ', _width) + "\r");
            terminal.Flush();
            _width = 0;
        }
    }
}
