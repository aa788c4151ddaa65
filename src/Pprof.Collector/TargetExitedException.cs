using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>
/// The process went away before the collection ended: the message says so as one line, and <see cref="Partial"/> is
/// the profile of what was gathered until then, to be written all the same.
/// </summary>
public sealed class TargetExitedException(string message, Profile partial) : Exception(message)
{
    public Profile Partial { get; } = partial;
}
