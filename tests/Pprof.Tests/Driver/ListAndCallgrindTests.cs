using System.Text;
using Pprof.Driver;
using Pprof.Tests.Support;

namespace Pprof.Tests.Driver;

/// <summary>What <c>-list</c> and <c>-callgrind</c> show beyond the goldens, checked against go tool pprof 1.19.8.</summary>
public sealed class ListAndCallgrindTests
{
    private static readonly string Gobmap = TestData.File("gobmap.heap.4.pb.gz");
    private static readonly string Sources = TestData.File("src");

    [Fact]
    public void List_without_a_matching_function_fails_and_says_so()
    {
        var (status, stdout, stderr) = Run("-list", "nomatch", Gobmap);

        Assert.Equal(1, status);
        Assert.Equal("", stdout);
        Assert.Equal("dotnet-pprof: no matches found for regexp: nomatch\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void List_of_a_source_that_cannot_be_found_prints_the_error_in_place_of_the_lines()
    {
        var empty = Directory.CreateTempSubdirectory("pprof-list-").FullName;
        try
        {
            var (status, stdout, _) = Run("-list", @"main\.gobmap$", "-source_path", empty, Gobmap);

            Assert.Equal(0, status);
            Assert.Equal(
                "Total: 5.50MB\n" +
                "ROUTINE ======================== main.gobmap in goleaks/main.go\n" +
                "         0     4.50MB (flat, cum) 81.82% of Total\n" +
                $" Error: could not find file goleaks/main.go on path {empty}\n",
                stdout);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void List_looks_for_sources_in_the_parents_of_the_search_path()
    {
        var (status, stdout, _) = Run("-list", @"main\.", "-source_path", Path.Combine(Sources, "bigheap"), Gobmap);

        Assert.Equal(0, status);
        Assert.Equal(Expected("gobmap.heap.4.list.txt"), stdout);
    }

    [Fact]
    public void List_trims_the_trim_path_from_file_names_before_the_search()
    {
        var (status, stdout, _) = Run("-list", @"main\.", "-trim_path", "goleaks", "-source_path", Path.Combine(Sources, "goleaks"), Gobmap);

        Assert.Equal(0, status);
        Assert.Equal(Expected("gobmap.heap.4.list.txt").Replace(" in goleaks/main.go\n", " in main.go\n", StringComparison.Ordinal), stdout);
    }

    [Fact]
    public void Callgrind_goes_to_the_output_file_when_one_is_given()
    {
        var output = Path.GetTempFileName();
        try
        {
            var (status, stdout, _) = Run("-callgrind", "-output", output, Gobmap);

            Assert.Equal(0, status);
            Assert.Equal("", stdout);
            Assert.Equal(Expected("gobmap.heap.4.callgrind.txt"), File.ReadAllText(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static string Expected(string golden) => File.ReadAllText(Path.Combine(TestData.Expected, golden));

    private static (int Status, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var status = PprofDriver.Run(args, stdout, stderr);
        return (status, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }
}
