namespace LeakyApp;

/// <summary>
/// No leak: 60,000 requests' headers kept, each a string of its own with one of three values, as a parser that does
/// not share its strings keeps them; the heap is flat.
/// </summary>
public static class DuplicateStrings
{
    private static readonly string[] Values = ["Accept-Encoding: gzip, deflate, br", "Content-Type: application/json; charset=utf-8", "Connection: keep-alive"];

    public static void Run()
    {
        var kept = new List<string>();
        for (var i = 0; i < 60_000; i++)
        {
            // A new instance each time, as text read from a socket would be.
            kept.Add(new string(Values[i % Values.Length].AsSpan()));
        }

        Console.WriteLine("ready");
        Console.Out.Flush();
        while (true)
        {
            GC.KeepAlive(kept);
            GC.KeepAlive(new string('x', 1000));
            Thread.Sleep(10);
        }
    }
}
