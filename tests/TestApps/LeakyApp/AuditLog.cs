namespace LeakyApp;

/// <summary>A static named like the cache's but of another type: the profile tells the two apart by their types.</summary>
public static class AuditLog
{
    private static readonly List<int> Sessions = [];

    public static int Count => Sessions.Count;

    public static void Record(int request) => Sessions.Add(request);
}
