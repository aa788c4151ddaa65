using System.CommandLine;
using Pprof.Collector;

namespace DotnetPprof;

/// <summary><c>dotnet-pprof collect KIND -p PID | -n NAME</c>: profile a live .NET process into a file.</summary>
internal static class CollectCommand
{

    public static Command Create()
    {
        var kinds = CollectRequest.Kinds;
        var kind = new Argument<string>("kind") { Description = "What to profile: " + string.Join(", ", kinds) + " (a line per GC)" };
        kind.AcceptOnlyFromAmong(kinds);
        var pid = new Option<int?>("--process-id", "-p") { Description = "The id of the process to profile" };
        var name = new Option<string?>("--name", "-n") { Description = "The name of the process to profile (see ps)" };
        var duration = new Option<TimeSpan?>("--duration", "-d")
        {
            Description = "How long to collect, such as 30s or 1m (default: 30s; threads: 1s; heap: the longest wait for "
                + "the snapshot, or with --alloc-stacks how long to sample allocations)",
            CustomParser = DurationText.ParseOption,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "The file to write (default: app_yyyyMMdd_HHmmss.kind.pb.gz; gc: stdout)",
        };
        var format = new Option<string?>("--format")
        {
            Description = "pprof (gzipped profile.proto, the default), text (as -text prints it; threads: Go's goroutine "
                + "?debug=1 layout; gc writes only text), dump (threads: Go's goroutine ?debug=2 layout) or collapsed (folded stacks)",
        };
        format.AcceptOnlyFromAmong(ProfileFiles.FormatNames);
        var allocationStacks = new Option<bool>("--alloc-stacks")
        {
            Description = "heap only: instead of a snapshot, Go's heap profile: the allocations sampled over the duration "
                + "and those still alive at its end (inuse_space), by allocation stack (.NET 10+)",
        };

        var command = new Command("collect", "Profile a live .NET process: " + string.Join(", ", kinds))
        {
            kind, pid, name, duration, output, format, allocationStacks,
        };
        command.Validators.Add(result =>
        {
            // Whether an option was given, not its value: reading a value that does not parse (-p -o) would throw.
            if ((result.GetResult(pid) is null) == (result.GetResult(name) is null))
            {
                result.AddError("give the process as either -p PID or -n NAME");
            }

            // Raw tokens: reading a value here would throw on one that is not allowed, hiding the parser's error.
            var chosenKind = result.GetResult(kind)?.Tokens is [{ Value: var token }] ? token : null;
            var chosenFormat = result.GetResult(format)?.Tokens is [{ Value: var formatToken }] ? formatToken : null;
            if (chosenKind == CollectRequest.GcTrace && chosenFormat is not null && chosenFormat != ProfileFiles.Text)
            {
                result.AddError($"collect gc writes text, not {chosenFormat}");
            }

            if (chosenFormat == ProfileFiles.Dump && chosenKind is not null && chosenKind != CollectRequest.ThreadsKind)
            {
                result.AddError($"--format dump is for collect threads, not {chosenKind}");
            }

            if (result.GetResult(allocationStacks) is not null && chosenKind is not null && chosenKind != CollectRequest.HeapKind)
            {
                result.AddError($"--alloc-stacks is for collect heap, not {chosenKind}");
            }
        });
        command.SetAction(result =>
        {
            var collected = result.GetValue(kind)!;
            var request = new CollectRequest(
                collected,
                result.GetValue(pid),
                result.GetValue(name),
                result.GetValue(duration) ?? CollectRequest.DefaultDuration(collected),
                result.GetValue(output),
                result.GetValue(format) ?? (collected == CollectRequest.GcTrace ? ProfileFiles.Text : ProfileFiles.Pprof),
                result.GetValue(allocationStacks));
            return request.Run(Console.Out, Console.Error, showProgress: !Console.IsErrorRedirected);
        });
        return command;
    }
}
