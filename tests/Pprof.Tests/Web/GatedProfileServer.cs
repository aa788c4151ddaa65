using System.Net;
using System.Net.Sockets;

namespace Pprof.Tests.Web;

/// <summary>
/// A /debug/pprof endpoint that answers its Nth request with the Nth profile of a series, but only once the test has
/// released that many: a live series (<c>leaks -url</c>) then advances exactly when the test says, whatever the clock.
/// </summary>
public sealed class GatedProfileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly SemaphoreSlim _released = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    /// <param name="name">The endpoint's name, the last segment of its URL.</param>
    public GatedProfileServer(IReadOnlyList<string> files, string name = "heap")
    {
        Url = $"http://127.0.0.1:{FreePort()}/debug/pprof/{name}";
        _listener.Prefixes.Add(Url[..(Url.LastIndexOf('/') + 1)]);
        _listener.Start();
        _serving = Task.Run(async () =>
        {
            foreach (var file in files)
            {
                var context = await _listener.GetContextAsync();
                await _released.WaitAsync(_stop.Token);
                context.Response.ContentType = "application/octet-stream";
                await context.Response.OutputStream.WriteAsync(await File.ReadAllBytesAsync(file));
                context.Response.Close();
            }
        });
    }

    public string Url { get; }

    /// <summary>Lets the next request be answered.</summary>
    public void Release() => _released.Release();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Closing the listener ends a wait for a request that never came.
        }

        _released.Dispose();
        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
