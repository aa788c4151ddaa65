using System.CommandLine;
using DotnetPprof.Leaks;
using DotnetPprof.Push;

namespace DotnetPprof;

/// <summary>
/// The <c>ps</c>, <c>collect</c>, <c>leaks</c> and <c>push</c> commands, parsed by System.CommandLine. Every other command line is go tool
/// pprof's and goes to the driver unchanged.
/// </summary>
internal static class CollectorCommandLine
{
    public static bool Handles(string[] args) => args is ["ps" or "collect" or "leaks" or "push", ..];

    public static int Run(string[] args)
    {
        var root = new RootCommand("dotnet-pprof: profile live .NET processes into pprof files")
        {
            PsCommand.Create(),
            CollectCommand.Create(),
            LeaksCommand.Create(),
            PushCommand.Create(),
        };
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            var message = string.Join(' ', result.Errors[0].Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
            Console.Error.WriteLine($"dotnet-pprof {args[0]}: {message} (see dotnet-pprof {args[0]} --help)");
            return 2;
        }

        // Ctrl+C is CollectRequest's to handle: it must not end the process before the profile is written.
        return result.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
