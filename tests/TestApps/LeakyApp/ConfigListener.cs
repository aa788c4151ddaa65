namespace LeakyApp;

public sealed class ConfigListener(int request)
{
    private readonly byte[] _snapshot = new byte[4096];

    public int Request { get; } = request;

    public void OnChanged(object? sender, EventArgs e) => _snapshot[0]++;
}
