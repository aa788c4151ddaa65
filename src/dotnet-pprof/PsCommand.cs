using System.CommandLine;
using Pprof.Collector;

namespace DotnetPprof;

/// <summary><c>dotnet-pprof ps</c>: the .NET processes that <c>collect</c> can attach to.</summary>
internal static class PsCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all") { Description = "List the .NET SDK's own processes (builds, dotnet run) too" };
        var command = new Command("ps", "List the .NET processes that collect can attach to") { all };
        command.SetAction(result =>
        {
            ProcessTable.Write(Console.Out, DotnetProcesses.List(), result.GetValue(all));
            return 0;
        });
        return command;
    }
}
