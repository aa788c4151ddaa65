using System.CommandLine;
using Pprof.Collector;
using Pprof.Push;

namespace DotnetPprof.Push;

/// <summary>
/// <c>dotnet-pprof push --to URL --service NAME FILE...</c> (profiles on disk) or <c>-p PID --every 15s</c> (a live
/// process, continuously): profiles pushed to Grafana Pyroscope.
/// </summary>
internal static class PushCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("file")
        {
            Description = "Profiles to push (pprof, gzipped or not, or Go's text formats); each is one sample of a series "
                + "named by its kind (process_cpu, memory, goroutine)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var pid = new Option<int?>("--process-id", "-p") { Description = "Instead of files, profile this .NET process continuously" };
        var every = new Option<TimeSpan>("--every")
        {
            Description = "-p: the window: cpu and allocs are collected over it, then pushed (default 15s)",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(15),
            CustomParser = result => DurationText.ParseOption(result) ?? TimeSpan.Zero,
        };
        var profiles = new Option<string>("--profiles")
        {
            Description = "-p: the kinds to collect each window, of " + string.Join(", ", Kinds) + " (default cpu,allocs; "
                + "heap forces a GC each window)",
            DefaultValueFactory = _ => "cpu,allocs",
        };
        profiles.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var text }] && text.Split(',').FirstOrDefault(k => !Kinds.Contains(k)) is { } bad)
            {
                result.AddError($"--profiles {text}: {bad} is not one of {string.Join(", ", Kinds)}");
            }
        });
        var count = new Option<int?>("--count") { Description = "-p: stop after this many windows (default: until Ctrl+C or the process exits)" };
        var to = new Option<Uri>("--to")
        {
            Description = "Pyroscope's base URL, such as http://pyroscope:4040",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    return uri;
                }

                result.AddError($"--to {text}: give Pyroscope's base URL, such as http://pyroscope:4040");
                return null;
            },
        };
        var service = new Option<string>("--service") { Description = "The service_name label", Required = true };
        var labels = new Option<string[]>("--label") { Description = "A label K=V for every series (repeatable)" };
        var tenant = new Option<string?>("--tenant") { Description = "The tenant, sent as X-Scope-OrgID" };
        var user = new Option<string?>("--basic-auth-user") { Description = "Basic auth user (the password comes from --basic-auth-password-env)" };
        var passwordVariable = new Option<string?>("--basic-auth-password-env")
        {
            Description = "The environment variable holding the basic auth password (never the password itself)",
        };
        var headers = new Option<string[]>("--header") { Description = "An extra request header K=V (repeatable)" };
        var protocol = new Option<string>("--protocol")
        {
            Description = "connect: Pyroscope's POST /push.v1.PusherService/Push; ingest: its legacy POST /ingest, one request "
                + "a profile; otlp: OpenTelemetry profiles, POST /v1development/profiles (a development-stage signal)",
            HelpName = string.Join('|', Protocols),
            DefaultValueFactory = _ => Protocols[0],
        };
        protocol.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var text }] && !Protocols.Contains(text))
            {
                result.AddError($"--protocol {text}: use connect, ingest or otlp");
            }
        });
        var dumpDirectory = new Option<string?>("--dump-dir")
        {
            Description = "Also write each pushed profile (.pb.gz) and each request (head .http, body .body) into this directory",
        };

        var command = new Command("push",
            "Push profiles to Grafana Pyroscope (or over OTLP, see --protocol). A push is tried "
            + $"{PushOptions.DefaultMaxAttempts} times at most, each try for {Seconds(PushOptions.DefaultAttemptTimeout)}, "
            + $"all within {Seconds(PushOptions.DefaultDeadline)}; only connection errors, timeouts, 429 and 5xx are tried again")
        {
            files, to, service, labels, tenant, user, passwordVariable, headers, protocol, dumpDirectory, pid, every, profiles, count,
        };
        command.Validators.Add(result =>
        {
            var live = result.GetResult(pid) is not null;
            if (live == result.GetResult(files)?.Tokens.Count > 0)
            {
                result.AddError("give either profile files or -p PID");
            }

            Option[] liveOnly = [every, profiles, count];
            if (!live && liveOnly.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } misplaced)
            {
                result.AddError($"{misplaced.Name} is for pushing a live process (-p PID)");
            }

            if (result.GetResult(count)?.Tokens is [{ Value: var countText }] && !(int.TryParse(countText, out var windows) && windows > 0))
            {
                result.AddError($"--count {countText}: give a positive number of windows");
            }

            if ((result.GetResult(user) is null) != (result.GetResult(passwordVariable) is null))
            {
                result.AddError("basic auth needs both --basic-auth-user and --basic-auth-password-env");
            }
        });
        command.SetAction(result =>
        {
            var flags = new PushFlags(
                result.GetValue(to)!,
                result.GetValue(service)!,
                result.GetValue(labels) ?? [],
                result.GetValue(tenant),
                result.GetValue(user),
                result.GetValue(passwordVariable),
                result.GetValue(headers) ?? [],
                Enum.Parse<PushProtocol>(result.GetValue(protocol)!, ignoreCase: true),
                result.GetValue(dumpDirectory));
            if (result.GetValue(pid) is not { } processId)
            {
                return new FilePush(flags, result.GetValue(files)!).Run(Console.Out, Console.Error);
            }

            var kinds = result.GetValue(profiles)!.Split(',').Distinct().Select(k => Enum.Parse<ProfileKind>(k, ignoreCase: true)).ToArray();
            return new LivePush(flags, processId, result.GetValue(every), kinds, result.GetValue(count)).Run(Console.Out, Console.Error);
        });
        return command;
    }

    private static string[] Protocols => [.. Enum.GetNames<PushProtocol>().Select(p => p.ToLowerInvariant())];

    private static string[] Kinds => [.. Enum.GetNames<ProfileKind>().Select(k => k.ToLowerInvariant())];

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.###}s";
}
