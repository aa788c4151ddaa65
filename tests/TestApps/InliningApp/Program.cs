using InliningApp;

// Warm-up rounds take every method to its final, optimized and inlined code before "ready".
const int WarmUpRounds = 3000;
var round = 0;
for (; round < WarmUpRounds; round++)
{
    await Requests.Serve(round);
}

Console.WriteLine("ready");
Console.Out.Flush();
while (true)
{
    await Requests.Serve(round++);
    Thread.Sleep(10);
}
