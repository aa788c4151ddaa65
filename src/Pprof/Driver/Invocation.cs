using Pprof.Profiles;

namespace Pprof.Driver;

/// <summary>Where the profiles come from and how to read them.</summary>
internal sealed record SourceOptions
{
    public IReadOnlyList<string> Sources { get; init; } = [];
    public IReadOnlyList<string> Bases { get; init; } = [];

    /// <summary>The bases are <c>-diff_base</c> (kept apart, percentages of the base) rather than <c>-base</c> (subtracted).</summary>
    public bool DiffBase { get; init; }

    public bool Normalize { get; init; }
    public string Symbolize { get; init; } = "";
    public string Comment { get; init; } = "";

    /// <summary>For URL sources: how long the server should profile (<c>-seconds</c>), and how long to wait (<c>-timeout</c>).</summary>
    public int Seconds { get; init; } = -1;

    public int Timeout { get; init; } = -1;

    /// <summary>For URL sources: the largest answer accepted (<c>-max_body_mb</c>) and whether redirects may leave the host.</summary>
    public FetchPolicy Fetch { get; init; } = new();
}

/// <summary>A parsed command line: the sources, the report command (null for the interactive shell) and the options.</summary>
internal sealed record Invocation(SourceOptions Source, Command? Command, string? CommandArgument, Config Config)
{
    public bool Verbose { get; init; }

    /// <summary>Set by <c>-http</c>: serve the web interface instead of a report or the shell.</summary>
    public WebRequest? Web { get; init; }
}

/// <summary><c>-http=[host]:[port]</c> as given, and whether to open a browser on it (not with <c>-no_browser</c>).</summary>
internal sealed record WebRequest(string Address, bool OpenBrowser)
{
    /// <summary>What the pages call the profile: its sources' names.</summary>
    public string Title { get; init; } = "";

    /// <summary>The sources as given on the command line, for the views of a series of profiles.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>With <c>-base</c> or <c>-diff_base</c>: the sources and the bases each merged on their own.</summary>
    public (Profile Sources, Profile Bases)? Apart { get; init; }

    /// <summary>The profile served holds <see cref="Apart"/>'s samples as they are, the bases' labelled (<c>-diff_base</c> without <c>-normalize</c>).</summary>
    public bool BaseLabelled { get; init; }
}
