namespace Pprof.Collector;

/// <summary>A process that publishes a .NET diagnostic port, so that the collector can attach to it.</summary>
/// <param name="Name">The app's name: the entry assembly for <c>dotnet app.dll</c>, else the executable's.</param>
public sealed record DotnetProcess(int Id, string Name, string CommandLine)
{
    /// <summary>The file name of the app's managed entry module, by .NET's naming: the app's name with .dll.</summary>
    public string MainModule => Name + ".dll";

    /// <summary>
    /// The SDK's own processes rather than an app: the <c>dotnet build</c>/<c>run</c>/<c>test</c> command itself, and
    /// what it starts from the SDK's folder (MSBuild nodes, the compiler server, csc).
    /// </summary>
    public bool IsSdk =>
        CommandLine.Contains("/sdk/", StringComparison.Ordinal) || CommandLine.Contains(@"\sdk\", StringComparison.Ordinal)
        || Name is "MSBuild" or "VBCSCompiler" or "csc" or "vbc"
        || (Name == "dotnet" && CommandLine.Split(' ', 3) is [_, var verb, ..] && SdkVerbs.Contains(verb));

    private static readonly HashSet<string> SdkVerbs = new(StringComparer.Ordinal)
    {
        "build", "build-server", "msbuild", "pack", "publish", "restore", "run", "test", "tool", "watch",
    };
}
