using DotnetPprof;
using Pprof.Driver;

if (CollectorCommandLine.Handles(args))
{
    return CollectorCommandLine.Run(args);
}

using var stdout = Console.OpenStandardOutput();
ILineReader input = Console.IsInputRedirected
    ? new PlainLineReader(Console.In, Console.Out)
    : new TerminalLineReader([.. InteractiveShell.CompletionWords()]);
return PprofDriver.Run(args, stdout, Console.Error, input, stdoutIsTerminal: !Console.IsOutputRedirected, web: WebCommand.Serve);
