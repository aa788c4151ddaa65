namespace Pprof.Push;

/// <summary>Settings that cannot work (a bad URL, label or header), found before anything is sent.</summary>
public sealed class PushConfigurationException(string message) : Exception(message);
