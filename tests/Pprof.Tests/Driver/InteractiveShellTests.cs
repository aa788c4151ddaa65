using System.Text;
using Pprof.Driver;
using Pprof.Tests.Support;

namespace Pprof.Tests.Driver;

/// <summary>The <c>(pprof)</c> shell, fed through standard input as a user would type.</summary>
public sealed class InteractiveShellTests
{
    private static readonly string Heap = TestData.File("gobmap.heap.4.pb.gz");

    [Fact]
    public void Top_prints_what_the_same_flags_print_on_the_command_line()
    {
        var (shell, _) = RunShell("top\nquit\n");
        var direct = RunDirect("-top", "-compact_labels", "-nodecount=10", Heap);

        Assert.Equal("(pprof) " + direct + "(pprof) ", shell);
    }

    [Fact]
    public void Top_with_count_and_cum_sorts_and_cuts_like_the_flags()
    {
        var (shell, _) = RunShell("top5 -cum\n");
        var direct = RunDirect("-top", "-compact_labels", "-nodecount=5", "-cum", Heap);

        Assert.Equal("(pprof) " + direct + "(pprof) ", shell);
    }

    [Fact]
    public void Options_set_with_name_value_apply_to_later_commands()
    {
        var (shell, _) = RunShell("sample_index=alloc_space\nunit=MB\ntop -20\n");
        var direct = RunDirect("-top", "-compact_labels", "-nodecount=-20", "-sample_index=alloc_space", "-unit=MB", Heap);

        Assert.Equal("(pprof) (pprof) (pprof) " + direct + "(pprof) ", shell);
    }

    [Fact]
    public void Words_after_a_command_focus_and_ignore_for_that_command_only()
    {
        var (shell, _) = RunShell("top decodeMap -reflect\ntop\n");
        var focused = RunDirect("-top", "-compact_labels", "-nodecount=10", "-focus=decodeMap", "-ignore=reflect", Heap);
        var plain = RunDirect("-top", "-compact_labels", "-nodecount=10", Heap);

        Assert.Equal("(pprof) " + focused + "(pprof) " + plain + "(pprof) ", shell);
    }

    [Fact]
    public void Peek_takes_its_regexp_and_prints_the_peek_report()
    {
        var (shell, _) = RunShell("peek decodeMap\n");

        Assert.Equal("(pprof) " + RunDirect("-peek", "decodeMap", "-compact_labels", Heap) + "(pprof) ", shell);
    }

    [Fact]
    public void Greets_with_the_profile_labels_and_leaves_at_end_of_input()
    {
        var (_, messages) = RunShell("");

        Assert.Contains("Type: inuse_space", messages);
        Assert.Contains("Entering interactive mode (type \"help\" for commands, \"o\" for options)", messages);
    }

    [Fact]
    public void Options_command_lists_current_values_and_choices()
    {
        var (_, messages) = RunShell("cum\nnodecount=7\no\n");

        Assert.Contains("  sort                      = cum                  //: [cum | flat]", messages);
        Assert.Contains("  nodecount                 = 7", messages);
        Assert.Contains("//: [alloc_objects | alloc_space | inuse_objects | inuse_space]", messages);
    }

    [Theory]
    [InlineData("frobnicate\n", "unrecognized command: \"frobnicate\"")]
    [InlineData("nodecount 5\n", "did you mean: nodecount=5")]
    [InlineData("peek\n", "command peek requires an argument")]
    [InlineData("focus\n", "please specify a value, e.g. focus=<val>")]
    [InlineData("sample_index=nope\n", "sample_index \"nope\" must be one of")]
    [InlineData("help nosuchthing\n", "Unknown command: nosuchthing")]
    public void Mistakes_get_a_clear_message_and_the_shell_goes_on(string input, string message)
    {
        var (shell, messages) = RunShell(input + "top3\n");

        Assert.Contains(message, messages);
        Assert.Contains("Showing top 3 nodes", shell);
    }

    [Fact]
    public void Help_lists_commands_and_options()
    {
        var (_, messages) = RunShell("help\n");

        Assert.Contains("peek <regexp>", messages);
        Assert.Contains("sample_index", messages);
        Assert.Contains("Clear focus/ignore/hide/tagfocus/tagignore", messages);
    }

    [Fact]
    public void Output_redirection_writes_the_report_to_a_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pprof-shell-{Guid.NewGuid():N}.txt");
        try
        {
            RunShell($"top >{file}\n");

            Assert.Equal(RunDirect("-top", "-compact_labels", "-nodecount=10", Heap), File.ReadAllText(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Sample_type_name_alone_selects_it()
    {
        var (shell, _) = RunShell("alloc_objects\ntop3\n");

        Assert.Equal(
            "(pprof) (pprof) " + RunDirect("-top", "-compact_labels", "-nodecount=3", "-sample_index=alloc_objects", Heap) + "(pprof) ",
            shell);
    }

    private static (string Stdout, string Messages) RunShell(string input)
    {
        using var stdout = new MemoryStream();
        using var prompts = new StreamWriter(stdout, leaveOpen: true) { AutoFlush = true };
        using var messages = new StringWriter();
        var status = PprofDriver.Run([Heap], stdout, messages, new PlainLineReader(new StringReader(input), prompts));

        Assert.True(status == 0, messages.ToString());
        return (Encoding.UTF8.GetString(stdout.ToArray()), messages.ToString());
    }

    private static string RunDirect(params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        Assert.Equal(0, PprofDriver.Run(args, stdout, stderr));
        return Encoding.UTF8.GetString(stdout.ToArray());
    }
}
