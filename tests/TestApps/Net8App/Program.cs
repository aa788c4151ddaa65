using Net8App;

Console.WriteLine($"ready {Environment.Version}");
Console.Out.Flush();
while (true)
{
    Buffers.Fill();
    Thread.Sleep(1);
}
