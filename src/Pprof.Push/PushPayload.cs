namespace Pprof.Push;

/// <summary>
/// One encoded request of a push, ready to be sent (and sent again, unchanged, when a try fails): its target
/// relative to the server's base URL, query included, its content type and body, and the kinds it carries.
/// </summary>
public sealed record PushPayload(string Target, string ContentType, byte[] Body, IReadOnlyList<string> Carries);
