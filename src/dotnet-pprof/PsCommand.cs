using System.CommandLine;
using Pprof.Collector;

namespace DotnetPprof;

/// <summary><c>dotnet-pprof ps</c>: the .NET processes that <c>collect</c> can attach to.</summary>
internal static class PsCommand
{
    public static Command Create()
    {
        var command = new Command("ps", "List the .NET processes that collect can attach to");
        command.SetAction(_ =>
        {
            ProcessTable.Write(Console.Out, DotnetProcesses.List());
            return 0;
        });
        return command;
    }
}
