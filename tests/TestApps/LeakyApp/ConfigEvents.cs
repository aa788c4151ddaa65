namespace LeakyApp;

/// <summary>A static event: every subscriber stays reachable from it, because nobody unsubscribes.</summary>
public static class ConfigEvents
{
    public static event EventHandler? Changed;

    public static void Subscribe(ConfigListener listener) => Changed += listener.OnChanged;

    public static void Raise() => Changed?.Invoke(null, EventArgs.Empty);
}
