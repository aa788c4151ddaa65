namespace Pprof.Collector;

/// <summary>A process that publishes a .NET diagnostic port, so that the collector can attach to it.</summary>
/// <param name="Name">The app's name: the entry assembly for <c>dotnet app.dll</c>, else the executable's.</param>
public sealed record DotnetProcess(int Id, string Name, string CommandLine)
{
    /// <summary>The file name of the app's managed entry module, by .NET's naming: the app's name with .dll.</summary>
    public string MainModule => Name + ".dll";
}
