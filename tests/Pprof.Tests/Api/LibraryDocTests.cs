using System.Diagnostics;
using System.Text.RegularExpressions;
using Pprof.Reports;
using Pprof.Tests.Collector;
using Pprof.Tests.Support;

namespace Pprof.Tests.Api;

/// <summary>
/// docs/library.md's examples as a reader would use them: its <c>csharp</c> blocks, in order, make one console
/// program that references only the Pprof library's public API; run from the repository's root, it prints exactly
/// the doc's <c>text</c> blocks.
/// </summary>
public sealed partial class LibraryDocTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [GeneratedRegex("^```(csharp|text)\n(.*?)^```$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FencedBlock();

    [Fact]
    public void The_examples_of_the_library_doc_compile_run_and_print_what_the_doc_shows()
    {
        var doc = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "docs", "library.md")).ReplaceLineEndings("\n");
        var blocks = FencedBlock().Matches(doc).Select(m => (Language: m.Groups[1].Value, Text: m.Groups[2].Value)).ToList();
        var program = string.Join("\n", blocks.Where(b => b.Language == "csharp").Select(b => b.Text));
        var expected = string.Concat(blocks.Where(b => b.Language == "text").Select(b => b.Text));
        Assert.NotEmpty(program);

        var project = Directory.CreateTempSubdirectory("pprof-library-doc-");
        try
        {
            File.WriteAllText(Path.Combine(project.FullName, "Program.cs"), program);
            File.WriteAllText(Path.Combine(project.FullName, "LibraryDoc.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <Reference Include="{typeof(ProfileReport).Assembly.Location}" />
                  </ItemGroup>
                </Project>
                """);
            var output = Path.Combine(project.FullName, "out");
            var build = Run(project.FullName, "build", "-c", "Release", "-o", output, "-nologo", "-v", "quiet");
            Assert.True(build.ExitCode == 0, "the doc's examples do not build:\n" + build.Output);

            var run = Run(TestData.RepositoryRoot, Path.Combine(output, "LibraryDoc.dll"));

            Assert.True(run.ExitCode == 0, "the doc's examples failed:\n" + run.Output);
            Assert.Equal(expected, run.Output);
        }
        finally
        {
            project.Delete(recursive: true);
        }
    }

    private static (int ExitCode, string Output) Run(string directory, params string[] args)
    {
        var start = new ProcessStartInfo(CollectorCli.DotnetHost(), args)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The doc shows the profiles' times in UTC.
        start.Environment["TZ"] = "UTC";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(Timeout), $"dotnet {string.Join(' ', args)} did not finish");
        return (process.ExitCode, output + errors.Result);
    }
}
