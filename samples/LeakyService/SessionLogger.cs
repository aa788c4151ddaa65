namespace LeakyService;

/// <summary>
/// Leak 2, the background worker nobody stops: each login starts a thread that flushes the session's log every
/// second, and the logout that should stop it was never written. Threads pile up, each with its buffer.
/// </summary>
public sealed class SessionLogger
{
    private readonly string _user;
    private readonly char[] _buffer = new char[8 * 1024];
    private readonly ManualResetEventSlim _stopped = new();
    private int _flushes;

    private SessionLogger(string user) => _user = user;

    public static string Start(string user)
    {
        var logger = new SessionLogger(user);
        new Thread(logger.Run) { IsBackground = true, Name = "session-logger " + user }.Start();
        return $"welcome {user}\n";
    }

    private void Run()
    {
        while (!_stopped.Wait(TimeSpan.FromSeconds(1)))
        {
            Flush();
        }
    }

    private void Flush()
    {
        _flushes++;
        $"{_user}: flush {_flushes}".CopyTo(_buffer);
    }
}
