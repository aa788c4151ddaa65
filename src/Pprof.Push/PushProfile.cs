using Pprof.Profiles;

namespace Pprof.Push;

/// <summary>
/// One profile on its way to the server: the labels of its series (ours first, <c>__name__</c> the first of them,
/// then the host's and the user's) and the profile itself, which each protocol encodes its own way.
/// </summary>
public sealed record PushProfile(IReadOnlyList<PushLabel> Labels, Profile Profile)
{
    /// <summary>The kind it is filed under (<c>process_cpu</c>, <c>memory</c>, ...).</summary>
    public string Name => Label(SeriesLabels.ProfileName) ?? "unknown";

    public string? Label(string name)
    {
        foreach (var label in Labels)
        {
            if (label.Name == name)
            {
                return label.Value;
            }
        }

        return null;
    }
}
