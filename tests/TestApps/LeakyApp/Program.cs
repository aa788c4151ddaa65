using LeakyApp;

// "--native-held" and "--native-growth": no managed leak, memory outside the GC instead.
if (args is ["--native-held" or "--native-growth"])
{
    NativeAllocations.Run(grow: args[0] == "--native-growth");
    return;
}

// "--duplicate-strings": no leak either; the same few values held in thousands of copies.
if (args is ["--duplicate-strings"])
{
    DuplicateStrings.Run();
    return;
}

// "--gen2-churn": no leak either; objects that die in gen 2, collected by background GCs.
if (args is ["--gen2-churn"])
{
    Gen2Churn.Run();
    return;
}

// Warm-up requests put every leak in place before "ready", so that a test attaching then sees all of them and the
// buffer has stopped doubling; after that each request adds to the cache, the handlers and the workers until killed.
const int WarmUpRequests = 300;
var request = 0;
for (; request < WarmUpRequests; request++)
{
    RequestHandler.Handle(request);
}

Console.WriteLine("ready");
Console.Out.Flush();

// "--exit-on-input": the process that goes away in the middle of a collection, when a line comes on stdin.
if (args is ["--exit-on-input"])
{
    new Thread(() =>
    {
        Console.ReadLine();
        Environment.Exit(0);
    }) { IsBackground = true }.Start();
}

while (true)
{
    RequestHandler.Handle(request++);
    Thread.Sleep(20);
}
