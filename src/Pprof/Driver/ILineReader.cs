namespace Pprof.Driver;

/// <summary>Where the interactive shell reads its lines: a terminal with line editing, or plain standard input.</summary>
internal interface ILineReader
{
    /// <summary>The next line, or null at the end of input.</summary>
    string? ReadLine(string prompt);
}

/// <summary>Lines from a reader (standard input that is not a terminal, or a test), prompts to a writer.</summary>
internal sealed class PlainLineReader(TextReader input, TextWriter prompts) : ILineReader
{
    public string? ReadLine(string prompt)
    {
        prompts.Write(prompt);
        prompts.Flush();
        return input.ReadLine();
    }
}
