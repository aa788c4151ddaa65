using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ClassicLeaksApp;

/// <summary>
/// An HttpClient per request, never disposed, kept in a misguided "client per tenant" cache: each request comes from a
/// tenant of its own (the key is unbounded), so each gets a new client, handler and connection pool, whose connection
/// the loopback price server keeps alive. A client that is merely dropped is not a managed leak on .NET 10: its idle
/// connection is finalized and closed after a GC (the damage is sockets in TIME_WAIT, which no heap profile shows).
/// The cache is the shape that leaks on the heap, and the one found in real services. Each connection is held twice:
/// by the cache and, once the pool's scavenger has checked it (CheckUsabilityOnScavenge, some seconds after it went
/// idle), by the zero-byte read the scavenger leaves pending on its socket, under SocketAsyncEngine's static: a
/// snapshot's retention paths name either holder, depending on when it is taken.
/// </summary>
public static class PriceFeed
{
    private static readonly Lazy<Uri> Server = new(LoopbackPriceServer.Start);
    private static readonly ConcurrentDictionary<string, HttpClient> ClientsByTenant = new(StringComparer.Ordinal);

    public static void Quote(int tick)
    {
        var client = ClientsByTenant.GetOrAdd($"tenant-{tick}", static _ => new HttpClient { BaseAddress = Server.Value });
        using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, $"quote/{tick}"));
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>A minimal HTTP/1.1 server on 127.0.0.1 that answers every request on a connection and never closes it.</summary>
internal static class LoopbackPriceServer
{
    private static readonly byte[] Response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok");

    public static Uri Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _ = AcceptAsync(listener);
        return new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
    }

    private static async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            _ = ServeAsync(await listener.AcceptSocketAsync());
        }
    }

    private static async Task ServeAsync(Socket connection)
    {
        var request = new byte[1024];
        var seen = 0;
        while (true)
        {
            var read = await connection.ReceiveAsync(request.AsMemory(seen));
            if (read == 0)
            {
                connection.Dispose();
                return;
            }

            seen += read;
            if (request.AsSpan(0, seen).IndexOf("\r\n\r\n"u8) >= 0)
            {
                await connection.SendAsync(Response);
                seen = 0;
            }
            else if (seen == request.Length)
            {
                seen = 0;
            }
        }
    }
}
