namespace LeakyApp;

/// <summary>One simulated request: it renders a response (garbage), and each leak grows in its own way, at its own rate.</summary>
public static class RequestHandler
{
    public static void Handle(int request)
    {
        ResponseRenderer.Render(request);
        SessionCache.Remember(request);
        AuditLog.Record(request);
        if (request % 10 == 0)
        {
            ConfigEvents.Subscribe(new ConfigListener(request));
        }

        if (request % 20 == 0)
        {
            Heartbeat.Subscribe(new ConfigListener(request));
        }

        if (request % 40 == 0)
        {
            Clock.Subscribe(new ConfigListener(request));
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
