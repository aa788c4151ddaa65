using Pprof.Collector;

namespace DotnetPprof;

/// <summary>One <c>collect</c> command line, run: find the process, profile it (Ctrl+C stops early), write the file.</summary>
internal sealed record CollectRequest(
    ProfileKind Kind, int? ProcessId, string? ProcessName, TimeSpan Duration, string? Output, string Format)
{
    /// <summary>Prints the written file's path on <paramref name="stdout"/>; returns the exit status.</summary>
    public int Run(TextWriter stdout, TextWriter stderr, bool showProgress)
    {
        using var stop = new CancellationTokenSource();
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            // The first Ctrl+C ends the collection early; the profile of what was gathered is still written.
            e.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        }

        Console.CancelKeyPress += OnCancel;
        string? path = null;
        try
        {
            var target = ProcessId is { } id ? DotnetProcesses.ById(id) : DotnetProcesses.ByName(ProcessName!);
            var kind = Kind.ToString().ToLowerInvariant();
            var progress = showProgress ? new TerminalProgress(stderr, $"collecting {kind} from {target.Id} ({target.Name})") : null;
            void Note(string note)
            {
                progress?.Clear();
                stderr.WriteLine($"dotnet-pprof: {note}");
            }

            var settings = new CollectionSettings(Duration, stop.Token, progress, Note);
            var started = DateTime.Now;
            var profile = ProfileCollector.Collect(Kind, target, settings);
            progress?.Clear();
            if (stop.IsCancellationRequested)
            {
                var seconds = (DateTime.Now - started).TotalSeconds;
                stderr.WriteLine($"dotnet-pprof: stopped early after {seconds:0.0}s; writing what was collected");
            }

            path = Path.GetFullPath(Output ?? ProfileFiles.DefaultName(target, Kind, Format, started));
            if (!ProfileFiles.Write(profile, Format, path, stderr))
            {
                return 1;
            }

            stdout.WriteLine(path);
            return 0;
        }
        catch (CollectorException error)
        {
            stderr.WriteLine($"dotnet-pprof: {error.Message}");
            return 1;
        }
        catch (Exception error) when (path is not null && error is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"dotnet-pprof: cannot write {path}: {error.Message}");
            return 1;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            stderr.WriteLine($"dotnet-pprof: internal error while collecting {Kind.ToString().ToLowerInvariant()}: {error.Message}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }
}
