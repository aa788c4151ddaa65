namespace InliningApp;

/// <summary>Static event subscribers, never removed.</summary>
public static class EventBus
{
    public static readonly List<Subscriber> Subscribers = [];
}
