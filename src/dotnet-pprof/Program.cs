using Pprof.Driver;

using var stdout = Console.OpenStandardOutput();
return PprofDriver.Run(args, stdout, Console.Error);
