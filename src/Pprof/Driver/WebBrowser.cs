using System.ComponentModel;
using System.Diagnostics;

namespace Pprof.Driver;

/// <summary>
/// Shows a file in the user's web browser, as <c>-web</c> does: each command of <c>$BROWSER</c> (a <c>:</c>-separated
/// list, <c>%s</c> standing for the file), then the system's opener (<c>xdg-open</c>, <c>open</c>, or the shell on Windows).
/// </summary>
internal static class WebBrowser
{
    // Openers that cannot show the file (xdg-open without a desktop) say so by exiting with an error at once.
    private static readonly TimeSpan FailureWindow = TimeSpan.FromSeconds(2);

    /// <summary>True when some browser took the file.</summary>
    public static bool TryOpen(string path) => Candidates(path).Any(TryStart);

    private static IEnumerable<ProcessStartInfo> Candidates(string path)
    {
        var browsers = Environment.GetEnvironmentVariable("BROWSER") ?? "";
        foreach (var browser in browsers.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = browser.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var start = new ProcessStartInfo(words[0]);
            foreach (var word in words.Skip(1))
            {
                start.ArgumentList.Add(word.Replace("%s", path, StringComparison.Ordinal));
            }

            if (!browser.Contains("%s", StringComparison.Ordinal))
            {
                start.ArgumentList.Add(path);
            }

            yield return start;
        }

        if (OperatingSystem.IsWindows())
        {
            yield return new ProcessStartInfo(path) { UseShellExecute = true };
        }
        else
        {
            var opener = new ProcessStartInfo(OperatingSystem.IsMacOS() ? "open" : "xdg-open");
            opener.ArgumentList.Add(path);
            yield return opener;
        }
    }

    /// <summary>Starts a viewer; one still running after a short while (a browser) or done without error has the file.</summary>
    private static bool TryStart(ProcessStartInfo start)
    {
        if (!start.UseShellExecute)
        {
            // The viewer must not hold on to the terminal or to a pipe the user reads our output from.
            start.RedirectStandardInput = true;
            start.RedirectStandardOutput = true;
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                // The shell handed the file to a program already running.
                return true;
            }

            if (start.RedirectStandardInput)
            {
                process.StandardInput.Close();
            }

            return !process.WaitForExit(FailureWindow) || process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
