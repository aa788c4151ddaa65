namespace LeakyApp;

/// <summary>One simulated request: each leaks in its own way, at its own rate.</summary>
public static class RequestHandler
{
    public static void Handle(int request)
    {
        SessionCache.Remember(request);
        if (request % 10 == 0)
        {
            ConfigEvents.Subscribe(new ConfigListener(request));
        }

        if (request % 25 == 0)
        {
            PollingWorker.Start(request);
        }

        if (request % 50 == 0)
        {
            GrowingBuffer.Double();
        }
    }
}
