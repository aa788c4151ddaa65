using Pprof.Profiles;
using Pprof.Reports;

namespace Pprof.Driver;

/// <summary>
/// The <c>go tool pprof</c> command: parse the command line, load and combine the profiles, write the report.
/// Returns the exit status: 0 on success, 1 when something could not be read or written, 2 for a usage mistake.
/// </summary>
internal static class PprofDriver
{
    /// <param name="input">Where the interactive shell reads its commands; null when there is no shell to offer.</param>
    /// <param name="stdoutIsTerminal">Output that is no use on a terminal (pictures, protobuf) then goes to a file.</param>
    /// <param name="web">What serves <c>-http</c>; null where there is no web interface.</param>
    public static int Run(
        IReadOnlyList<string> args, Stream stdout, TextWriter stderr, ILineReader? input = null, bool stdoutIsTerminal = false, WebServer? web = null)
    {
        var flags = CommandLine.CreateFlagSet();
        var verbose = args.Any(a => a is "-verbose" or "--verbose" or "-verbose=true" or "--verbose=true");
        void Warn(string message) => stderr.WriteLine(message);
        try
        {
            if (args.Count == 0)
            {
                stderr.Write(CommandLine.Usage(flags));
                return 2;
            }

            if (args is ["help"] || args.Any(a => a is "-help" or "--help" or "-h" or "--h"))
            {
                // Asked for, the usage is the output: it pipes into less or grep.
                using var usage = new StreamWriter(stdout, leaveOpen: true) { NewLine = "\n" };
                usage.Write(CommandLine.Usage(flags));
                return 0;
            }

            var invocation = CommandLine.Parse(args, flags, Warn);
            if (invocation.Web is { } webRequest)
            {
                if (web is null)
                {
                    throw new UsageException("this build has no web interface (-http): use a report such as -top, -svg or -flamegraph");
                }

                var (loaded, sources, bases) = new SourceLoader(Warn).LoadApart(invocation.Source);
                var title = string.Join(' ', invocation.Source.Sources.Select(Path.GetFileName));
                var request = webRequest with
                {
                    Title = title,
                    Sources = invocation.Source.Sources,
                    Apart = sources is not null && bases is not null ? (sources, bases) : null,
                    BaseLabelled = invocation.Source is { DiffBase: true, Normalize: false },
                };
                return web(loaded, ReportGenerator.CheckedReportOptions(loaded, invocation.Config), request, stderr);
            }

            if (invocation.Command is null && input is null)
            {
                throw new UsageException("no output format given: add one such as -top (see -help)");
            }

            var profile = new SourceLoader(Warn).Load(invocation.Source, compactSingleSource: invocation.Command?.Format.ShowsSamples() ?? true);
            void RunReport(Profile report, Command command, string? argument, Config config) =>
                WriteReport(report, command, argument, config, stdout, Warn, offTerminal: stdoutIsTerminal || invocation.Command is null);
            if (invocation.Command is null)
            {
                new InteractiveShell(profile, invocation.Config, input!, stderr, RunReport).Run();
                return 0;
            }

            RunReport(profile, invocation.Command, invocation.CommandArgument, invocation.Config);
            return 0;
        }
        catch (UsageException error)
        {
            stderr.WriteLine($"dotnet-pprof: {error.Message} (run dotnet-pprof -help for usage)");
            return 2;
        }
        catch (Exception error) when (error is ProfileLoadException or ProfileFormatException or OutputException or Reports.ReportException)
        {
            stderr.WriteLine($"dotnet-pprof: {error.Message}");
            if (verbose)
            {
                stderr.WriteLine(error);
            }

            return 1;
        }
        catch (Exception error) when (!verbose)
        {
            stderr.WriteLine($"dotnet-pprof: internal error: {error.Message} (run with -verbose for details)");
            return 1;
        }
    }

    /// <param name="offTerminal">
    /// Binary output goes to <c>profile001.svg</c> (or the next free number) rather than to stdout, as pprof does on a
    /// terminal and in its shell.
    /// </param>
    private static void WriteReport(
        Profile profile, Command command, string? argument, Config config, Stream stdout, Action<string> warn, bool offTerminal)
    {
        var generator = new ReportGenerator(warn);
        if (config.Output.Length == 0 && !command.OpensInBrowser && !(offTerminal && command.FileExtension is not null))
        {
            generator.Generate(profile, command, argument, config, stdout);
            stdout.Flush();
            return;
        }

        using var buffer = new MemoryStream();
        generator.Generate(profile, command, argument, config, buffer);
        if (config.Output.Length != 0)
        {
            warn("Generating report in " + config.Output);
            WriteFile(config.Output, buffer);
        }
        else if (command.OpensInBrowser)
        {
            var path = NumberedFile.Write(Path.GetTempPath(), "pprof", command.FileExtension!, buffer);
            if (!WebBrowser.TryOpen(path))
            {
                throw new OutputException($"could not open a web browser (set $BROWSER, or install xdg-utils): the graph is in {path}");
            }
        }
        else
        {
            warn("Generating report in " + NumberedFile.Write("", "profile", command.FileExtension!, buffer));
        }
    }

    private static void WriteFile(string path, MemoryStream content)
    {
        try
        {
            using var file = File.Create(path);
            content.Position = 0;
            content.CopyTo(file);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"cannot write {path}: {error.Message}");
        }
    }
}

/// <summary>Serves the web interface (<c>-http</c>) on a loaded profile until stopped, with the command line's options; returns the exit status.</summary>
internal delegate int WebServer(Profile profile, ReportOptions options, WebRequest request, TextWriter log);

/// <summary>The report could not be written where the user asked.</summary>
internal sealed class OutputException(string message) : Exception(message);
