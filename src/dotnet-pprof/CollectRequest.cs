using Pprof.Collector;
using Pprof.Profiles;

namespace DotnetPprof;

/// <summary>
/// One <c>collect</c> command line, run: find the process, profile it (Ctrl+C stops early), write the file; or, for
/// <c>gc</c>, write a line per GC as it happens, to the file or to stdout.
/// </summary>
/// <param name="Kind">A <see cref="ProfileKind"/> in lower case, or <see cref="GcTrace"/>.</param>
/// <param name="AllocationStacks">For <c>heap</c>: the sampled allocations still alive, by allocation stack.</param>
internal sealed record CollectRequest(
    string Kind, int? ProcessId, string? ProcessName, TimeSpan Duration, string? Output, string Format, bool AllocationStacks)
{
    public const string GcTrace = "gc";
    public const string HeapKind = "heap";
    public const string ThreadsKind = "threads";

    public static string[] Kinds => [.. Enum.GetValues<ProfileKind>().Select(k => k.ToString().ToLowerInvariant()), GcTrace];

    public static TimeSpan DefaultDuration(string kind) =>
        kind == GcTrace ? TimeSpan.FromSeconds(30) : ProfileCollector.DefaultDuration(Enum.Parse<ProfileKind>(kind, ignoreCase: true));

    /// <summary>
    /// Prints the written file's path on <paramref name="stdout"/> (for <c>gc</c> without a file, the lines
    /// themselves); returns the exit status.
    /// </summary>
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

            // GC lines written to the terminal as they come would be mixed up with a progress line.
            var linesToStdout = Kind == GcTrace && Output is null;
            var progress = showProgress && !linesToStdout
                ? new TerminalProgress(stderr, $"collecting {Kind} from {target.Id} ({target.Name})")
                : null;
            void Note(string note)
            {
                progress?.Clear();
                stderr.WriteLine($"dotnet-pprof: {note}");
            }

            var settings = new CollectionSettings(Duration, stop.Token, progress, Note);
            var started = DateTime.Now;
            if (Kind == GcTrace)
            {
                path = Output is null ? null : Path.GetFullPath(Output);
                WriteGcTrace(target, settings, path, stdout);
                progress?.Clear();
                StoppedEarly(stop, started, stderr);
            }
            else
            {
                var profileKind = Enum.Parse<ProfileKind>(Kind, ignoreCase: true);
                var destination = Path.GetFullPath(Output ?? ProfileFiles.DefaultName(target, profileKind, Format, started));
                Profile profile;
                try
                {
                    profile = AllocationStacks
                        ? ProfileCollector.CollectHeapAllocations(target, settings)
                        : ProfileCollector.Collect(profileKind, target, settings);
                }
                catch (TargetExitedException exited)
                {
                    progress?.Clear();
                    path = destination;
                    if (ProfileFiles.Write(exited.Partial, profileKind, Format, path, stderr))
                    {
                        stderr.WriteLine($"dotnet-pprof: {exited.Message}, written to {path}");
                    }

                    return 1;
                }

                progress?.Clear();
                StoppedEarly(stop, started, stderr);
                path = destination;
                if (!ProfileFiles.Write(profile, profileKind, Format, path, stderr))
                {
                    return 1;
                }
            }

            if (path is not null)
            {
                stdout.WriteLine(path);
            }

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
            stderr.WriteLine($"dotnet-pprof: internal error while collecting {Kind}: {error.Message}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }

    private static void WriteGcTrace(DotnetProcess target, CollectionSettings settings, string? path, TextWriter stdout)
    {
        if (path is null)
        {
            GcTraceCollector.Collect(target, settings, stdout);
            return;
        }

        using var file = new StreamWriter(path);
        GcTraceCollector.Collect(target, settings, file);
    }

    private static void StoppedEarly(CancellationTokenSource stop, DateTime started, TextWriter stderr)
    {
        if (stop.IsCancellationRequested)
        {
            var seconds = (DateTime.Now - started).TotalSeconds;
            stderr.WriteLine($"dotnet-pprof: stopped early after {seconds:0.0}s; writing what was collected");
        }
    }
}
