using System.Net;

namespace Pprof.AspNetCore;

/// <summary>Who may ask for profiles: loopback clients, and others only when <see cref="PprofOptions.AllowRemote"/> is on.</summary>
internal static class ClientPolicy
{
    public const string Refusal =
        "the pprof endpoints answer only clients on this machine (loopback); set PprofOptions.AllowRemote to serve others, behind authorization";

    /// <param name="client">Null for connections without an IP address (a Unix socket, often a proxy's): refused, as their client is unknown.</param>
    public static bool Allows(IPAddress? client, PprofOptions options) => options.AllowRemote || IsLoopback(client);

    /// <summary>The client is on this machine; null (no IP address) is not known to be.</summary>
    public static bool IsLoopback(IPAddress? client) =>
        client is not null && IPAddress.IsLoopback(client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client);
}
