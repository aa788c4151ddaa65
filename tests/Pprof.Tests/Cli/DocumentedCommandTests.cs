using System.Diagnostics;
using System.Text.RegularExpressions;
using Pprof.Tests.Collector;
using Pprof.Tests.Support;

namespace Pprof.Tests.Cli;

/// <summary>
/// The <c>dotnet-pprof</c> commands of README.md and docs/*.md that read the profiles bundled in testdata/go, run as
/// written from there by bash, with the built tool: each succeeds, says nothing is missing, and prints the output the
/// page shows under it (the lines shown, in order; pages cut header lines). Commands on other files, processes or URLs
/// are templates.
/// </summary>
public sealed partial class DocumentedCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly string[] Pages = ["README.md", .. Directory.GetFiles(Path.Combine(TestData.RepositoryRoot, "docs"), "*.md")
        .Select(path => Path.Combine("docs", Path.GetFileName(path))).Order(StringComparer.Ordinal)];

    /// <summary>What a command says when it found nothing to show or could not do what it was asked (a listing says it on stdout).</summary>
    private static readonly string[] Complaints = ["dotnet-pprof:", "matched no samples", "Nothing to show", "no matches found", "could not find"];

    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-docs-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    public static TheoryData<string, string, string, string[]> Commands()
    {
        var data = new TheoryData<string, string, string, string[]>();
        foreach (var page in Pages)
        {
            foreach (var command in CommandsOf(File.ReadAllLines(Path.Combine(TestData.RepositoryRoot, page))).Where(c => ReadsBundledFiles(c.Line)))
            {
                data.Add(page, command.Line, command.Input, command.Output);
            }
        }

        return data;
    }

    [Fact]
    public void The_pages_show_commands_on_the_bundled_profiles()
    {
        var pages = Commands().Select(row => (string)row[0]).Distinct().ToList();

        Assert.Contains("README.md", pages);
        Assert.Contains(Path.Combine("docs", "walkthrough.md"), pages);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Runs_as_written_from_testdata_go(string page, string command, string input, string[] shownOutput)
    {
        if (WebAddress().IsMatch(command))
        {
            await ServesAsWritten(page, command, shownOutput);
            return;
        }

        var (status, stdout, stderr) = RunInCopyOfTestData(command, input);

        Assert.True(status == 0, $"{page}: `{command}` exited with {status}: {stderr}");
        var complaint = Complaints.FirstOrDefault(c => stderr.Contains(c, StringComparison.Ordinal) || stdout.Contains(c, StringComparison.Ordinal));
        Assert.True(complaint is null, $"{page}: `{command}` said {complaint}: {stderr}{stdout}");
        var lines = stdout.Split('\n').Select(line => line.TrimEnd()).ToList();
        var next = 0;
        foreach (var shown in shownOutput)
        {
            var found = lines.FindIndex(next, line => line == shown);
            Assert.True(found >= 0, $"{page}: `{command}` does not print, or not in this order, the line shown:\n{shown}\nIt prints:\n{stdout}");
            next = found + 1;
        }
    }

    /// <summary>
    /// A web UI command (<c>-http=[host]:[port]</c>) runs until stopped: it is run on a free port instead of the one
    /// written, with a browser that opens nothing, until it prints its URL on standard error (the lines the page shows,
    /// the port aside); its first page must then answer, and it is stopped.
    /// </summary>
    private async Task ServesAsWritten(string page, string command, string[] shownOutput)
    {
        var start = Bash(WebAddress().Replace(command, "-http=${host}:0"));
        start.Environment["BROWSER"] = "true";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            // As pprof does, the server says where it listens on standard error.
            using var patience = new CancellationTokenSource(Timeout);
            var printed = new List<string>();
            while (await process.StandardError.ReadLineAsync(patience.Token) is { } line)
            {
                printed.Add(line.TrimEnd());
                if (line.StartsWith("Serving web UI on ", StringComparison.Ordinal))
                {
                    break;
                }
            }

            var url = printed.LastOrDefault(line => line.StartsWith("Serving web UI on ", StringComparison.Ordinal))?["Serving web UI on ".Length..];
            if (url is null)
            {
                await process.WaitForExitAsync(patience.Token);
                Assert.Fail($"{page}: `{command}` exited with {process.ExitCode} without serving: {string.Join('\n', printed)}{await stdout}");
            }

            // Whatever it says after that must not fill the pipe and hold it up.
            _ = process.StandardError.ReadToEndAsync();
            using var client = new HttpClient { Timeout = Timeout };
            using var response = await client.GetAsync(new Uri(url + "/ui/"));
            Assert.True(response.IsSuccessStatusCode, $"{page}: `{command}`: {url}/ui/ answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (shownOutput.Length > 0)
            {
                Assert.Equal(shownOutput.Select(WithoutPort), printed.Where(line => line.Length != 0).Select(WithoutPort));
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        static string WithoutPort(string line) => UrlPort().Replace(line, "$1:PORT");
    }

    /// <summary>
    /// The commands of a page: lines of a code block that start with <c>dotnet-pprof </c> (or <c>$ </c> and a command
    /// using it, followed by its output up to the next <c>$</c>), and inline code spans that start with it. A page's
    /// <c>(pprof) ...</c> lines are what is typed into the shell the command above them opened.
    /// </summary>
    private static List<(string Line, string Input, string[] Output)> CommandsOf(string[] lines)
    {
        var commands = new List<(string Line, string Input, string[] Output)>();
        var inBlock = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }

            if (!inBlock)
            {
                commands.AddRange(InlineCommand().Matches(line).Select(m => (m.Groups[1].Value, "", Array.Empty<string>())));
                continue;
            }

            var prompted = line.StartsWith("$ ", StringComparison.Ordinal);
            var command = WithoutComment(prompted ? line[2..] : line);
            if (!command.Contains("dotnet-pprof ", StringComparison.Ordinal) || (!prompted && !command.StartsWith("dotnet-pprof ", StringComparison.Ordinal)))
            {
                continue;
            }

            var shown = new List<string>();
            for (; prompted && i + 1 < lines.Length && !lines[i + 1].StartsWith("```", StringComparison.Ordinal) && !lines[i + 1].StartsWith("$ ", StringComparison.Ordinal); i++)
            {
                shown.Add(lines[i + 1].TrimEnd());
            }

            var typed = shown.Where(s => s.StartsWith("(pprof) ", StringComparison.Ordinal)).Select(s => s["(pprof) ".Length..] + "\n").ToList();
            var output = typed.Count > 0 ? [] : shown.Where(s => s.Length != 0).ToArray();
            commands.Add((command, typed.Count > 0 ? string.Concat(typed) : "quit\n", output));
        }

        return commands;
    }

    private static string WithoutComment(string line)
    {
        var comment = line.IndexOf(" #", StringComparison.Ordinal);
        return (comment < 0 ? line : line[..comment]).Trim();
    }

    /// <summary>True when every file the command names is in testdata/go (a file it writes excepted) and it names no URL.</summary>
    private static bool ReadsBundledFiles(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var named = words
            .Where((word, i) => i == 0 || words[i - 1] is not ("-output" or ">"))
            .Where(word => word.EndsWith(".pb.gz", StringComparison.Ordinal) || word.EndsWith(".txt", StringComparison.Ordinal))
            .Select(word => word.Replace("$i", "0", StringComparison.Ordinal))
            .ToList();
        return named.Count > 0
            && !command.Contains("://", StringComparison.Ordinal)
            && named.All(name => File.Exists(TestData.File(name)));
    }

    /// <summary>Runs the command with bash in a copy of testdata/go, <c>dotnet-pprof</c> being the built tool.</summary>
    private (int Status, string Stdout, string Stderr) RunInCopyOfTestData(string command, string input)
    {
        using var process = Process.Start(Bash(command)) ?? throw new InvalidOperationException("bash did not start");
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not finish within {Timeout}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>bash running <paramref name="command"/> in a fresh copy of testdata/go, <c>dotnet-pprof</c> being the built tool.</summary>
    private ProcessStartInfo Bash(string command)
    {
        var folder = Path.Combine(_scratch, "go");
        CopyFolder(TestData.Go, folder);
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["TZ"] = "UTC",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["PPROF_HOST"] = CollectorCli.DotnetHost(),
                ["PPROF_DLL"] = Path.Combine(AppContext.BaseDirectory, "dotnet-pprof.dll"),
            },
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("set -o pipefail\ndotnet-pprof() { \"$PPROF_HOST\" \"$PPROF_DLL\" \"$@\"; }\n" + command);
        return start;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories).Prepend(from))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
        }
    }

    [GeneratedRegex("`(dotnet-pprof [^`]+)`")]
    private static partial Regex InlineCommand();

    /// <summary>The web UI's address in a command: <c>-http=:8080</c>, <c>-http=127.0.0.1:0</c>.</summary>
    [GeneratedRegex(@"-http=(?<host>[^\s]*):\d+")]
    private static partial Regex WebAddress();

    [GeneratedRegex(@"(http://[^\s/]+):\d+")]
    private static partial Regex UrlPort();
}
