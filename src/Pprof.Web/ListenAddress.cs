using System.Globalization;
using System.Net;

namespace Pprof.Web;

/// <summary><c>-http</c>'s <c>[host]:[port]</c>, resolved to the address Kestrel binds.</summary>
internal sealed record ListenAddress(string Host, IPAddress Ip, int Port)
{
    public bool IsLoopback => IPAddress.IsLoopback(Ip);

    public static ListenAddress Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            throw Mistake(text, "expected [host]:[port], such as :8080 or localhost:0");
        }

        var host = text[..colon].Trim('[', ']');
        var portText = text[(colon + 1)..];
        var port = 0;
        if (portText.Length != 0 && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > IPEndPoint.MaxPort))
        {
            throw Mistake(text, $"the port {portText} is not a number from 0 to {IPEndPoint.MaxPort}");
        }

        if (host.Length == 0 || host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new ListenAddress("localhost", IPAddress.Loopback, port);
        }

        if (IPAddress.TryParse(host, out var ip))
        {
            return new ListenAddress(host, ip, port);
        }

        try
        {
            return new ListenAddress(host, Dns.GetHostAddresses(host)[0], port);
        }
        catch (Exception error) when (error is System.Net.Sockets.SocketException or IndexOutOfRangeException)
        {
            throw Mistake(text, $"the host {host} is unknown");
        }
    }

    private static WebUiException Mistake(string text, string why) => new($"-http={text}: {why}", isUsageMistake: true);
}
