namespace LeakyApp;

/// <summary>
/// Two classes with a static event of the same name and type, like timers never disposed: a heap profile can only say
/// that a subscriber is held by one of them.
/// </summary>
public static class Heartbeat
{
    public static event EventHandler? Tick;

    public static void Subscribe(ConfigListener listener) => Tick += listener.OnChanged;

    public static void Raise() => Tick?.Invoke(null, EventArgs.Empty);
}

/// <summary>The other class with a static <c>Tick</c>.</summary>
public static class Clock
{
    public static event EventHandler? Tick;

    public static void Subscribe(ConfigListener listener) => Tick += listener.OnChanged;

    public static void Raise() => Tick?.Invoke(null, EventArgs.Empty);
}
