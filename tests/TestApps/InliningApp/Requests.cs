using System.Runtime.CompilerServices;

namespace InliningApp;

/// <summary>One round of work: each leak's allocation happens in a method the JIT inlines into its caller.</summary>
public static class Requests
{
    // A lambda of its own, as when called through an event or a callback the JIT cannot see through.
    private static readonly Action Subscribe = [MethodImpl(MethodImplOptions.NoInlining)] () => EventBus.Subscribers.Add(new Subscriber());

    public static async Task Serve(int round)
    {
        Subscribe();
        await QuoteCache.Refresh(round);
        Labels.Add(Label.For(round));
        Connections.Accept(round);
        Headers.Parse(round);
        Heartbeat.Start();
    }
}
