using System.CommandLine;
using Pprof.Push;

namespace DotnetPprof.Push;

/// <summary><c>dotnet-pprof push --to URL --service NAME FILE...</c>: profiles on disk, pushed to Grafana Pyroscope.</summary>
internal static class PushCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("file")
        {
            Description = "Profiles to push (pprof, gzipped or not, or Go's text formats); each is one sample of a series "
                + "named by its kind (process_cpu, memory, goroutine)",
            Arity = ArgumentArity.OneOrMore,
        };
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

        var command = new Command("push",
            "Push profiles to Grafana Pyroscope (POST /push.v1.PusherService/Push). A push is tried "
            + $"{PushOptions.DefaultMaxAttempts} times at most, each try for {Seconds(PushOptions.DefaultAttemptTimeout)}, "
            + $"all within {Seconds(PushOptions.DefaultDeadline)}; only connection errors, timeouts, 429 and 5xx are tried again")
        {
            files, to, service, labels, tenant, user, passwordVariable, headers,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetResult(user) is null) != (result.GetResult(passwordVariable) is null))
            {
                result.AddError("basic auth needs both --basic-auth-user and --basic-auth-password-env");
            }
        });
        command.SetAction(result => new FilePush(
            result.GetValue(files)!,
            result.GetValue(to)!,
            result.GetValue(service)!,
            result.GetValue(labels) ?? [],
            result.GetValue(tenant),
            result.GetValue(user),
            result.GetValue(passwordVariable),
            result.GetValue(headers) ?? []).Run(Console.Out, Console.Error));
        return command;
    }

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.###}s";
}
