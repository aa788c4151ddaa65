using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Driver;

/// <summary>
/// Loads the profiles of a command line: reads every source, merges them, then applies <c>-base</c> or
/// <c>-diff_base</c> (subtracting the merged bases) and the profile's own drop_frames.
/// </summary>
/// <param name="httpClient">The client that fetches URL sources; by default one per fetch that follows no redirect itself.</param>
internal sealed class SourceLoader(Action<string> warnings, HttpClient? httpClient = null)
{
    /// <param name="compactSingleSource">Merge a lone profile with itself, as pprof does with every source.</param>
    public Profile Load(SourceOptions options, bool compactSingleSource = false) => Load(options, compactSingleSource, keepApart: false).Profile;

    /// <summary>
    /// As <see cref="Load(SourceOptions, bool)"/>, and when there are bases also the sources and the bases each merged
    /// on their own, as the web interface's diff view shows them side by side. A lone profile is not merged with
    /// itself: the web interface's reports do not need it, and on a large profile it costs seconds before the first page.
    /// </summary>
    public (Profile Profile, Profile? Sources, Profile? Bases) LoadApart(SourceOptions options) =>
        Load(options, compactSingleSource: false, keepApart: true);

    private (Profile Profile, Profile? Sources, Profile? Bases) Load(SourceOptions options, bool compactSingleSource, bool keepApart)
    {
        var profile = LoadAll(options.Sources, options, compactSingleSource);
        if (options.Bases.Count == 0)
        {
            return (Finish(profile, options), null, null);
        }

        var baseProfile = LoadAll(options.Bases, options, compactSingleSource);
        // Subtracting consumes both, so the ones kept apart are copies.
        var sources = keepApart ? Finish(profile.Clone(), options) : null;
        var bases = keepApart ? Finish(baseProfile.Clone(), options) : null;
        profile = ProfileSource.ApplyBase(profile, baseProfile, options.DiffBase, options.Normalize);
        return (Finish(profile, options), sources, bases);
    }

    private Profile Finish(Profile profile, SourceOptions options)
    {
        Demangle(profile, options.Symbolize);
        Pruning.RemoveUninteresting(profile);
        if (options.Comment.Length != 0)
        {
            profile.Comments.Add(options.Comment);
        }

        return profile;
    }

    /// <summary>The names pprof's symbolizer leaves, by the options of <c>-symbolize</c>: <c>none</c> leaves them alone.</summary>
    private void Demangle(Profile profile, string symbolize)
    {
        var mode = DemangleMode.Simplified;
        var force = false;
        foreach (var option in symbolize.ToLowerInvariant().Split(':'))
        {
            switch (option)
            {
                case "none" or "no":
                    return;
                case "" or "local" or "fastlocal" or "remote":
                    continue;
                case "force":
                    force = true;
                    continue;
            }

            // As in pprof, "demangle=" may be left out: "templates" alone is a demangling mode too.
            switch (option.StartsWith("demangle=", StringComparison.Ordinal) ? option["demangle=".Length..] : option)
            {
                case "default":
                    break;
                case "full" or "none":
                    (mode, force) = (DemangleMode.Full, true);
                    break;
                case "templates":
                    (mode, force) = (DemangleMode.Templates, true);
                    break;
                default:
                    warnings("ignoring unrecognized symbolization option: " + symbolize);
                    warnings("expecting -symbolize=[local|fastlocal|remote|none][:force][:demangle=[none|full|templates|default]");
                    break;
            }
        }

        DemangledNames.Simplify(profile, mode, force);
    }

    private Profile LoadAll(IReadOnlyList<string> sources, SourceOptions options, bool compactSingleSource)
    {
        var useSymbolComments = options.Symbolize != "none";
        // One source after another: a file is decoded as it is decompressed, and only one is being read at a time.
        var profiles = new Profile?[sources.Count];
        var errors = new ProfileLoadException?[sources.Count];
        for (var i = 0; i < sources.Count; i++)
        {
            try
            {
                profiles[i] = Read(sources[i], options, useSymbolComments);
            }
            catch (ProfileLoadException error)
            {
                errors[i] = error;
            }
        }

        var loaded = profiles.OfType<Profile>().ToList();
        if (loaded.Count == 0)
        {
            throw errors.First(e => e is not null)!;
        }

        foreach (var error in errors.OfType<ProfileLoadException>())
        {
            warnings(error.Message);
        }

        if (loaded.Count != sources.Count)
        {
            warnings($"Fetched {loaded.Count} source profiles out of {sources.Count}");
        }

        // Merging a lone profile only sums equal samples and renumbers ids: most reports cannot tell, and on a
        // million samples it is the slowest step, so it is done only for reports that print samples as they are.
        return loaded.Count == 1 && !compactSingleSource ? loaded[0] : ProfileSource.Combine(loaded);
    }

    private Profile Read(string source, SourceOptions options, bool useSymbolComments)
    {
        var readOptions = new ReadOptions { UseSymbolComments = useSymbolComments };
        if (ProfileFetcher.Parse(source, options.Seconds, options.Timeout) is { } remote)
        {
            var fetcher = new ProfileFetcher(warnings, options.Fetch, httpClient);
            var data = fetcher.Fetch(remote);
            Profile profile;
            try
            {
                profile = ProfileReader.Parse(data, readOptions);
            }
            catch (ProfileFormatException error)
            {
                throw new ProfileLoadException($"{remote.Url}: the server's answer is not a profile: {error.Message}");
            }

            AddPlaceholderMapping(profile);
            fetcher.Save(profile);
            return profile;
        }

        try
        {
            return AddPlaceholderMapping(ProfileReader.ReadFile(source, readOptions));
        }
        catch (FileNotFoundException)
        {
            throw new ProfileLoadException($"{source}: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ProfileLoadException($"{source}: no such file or directory");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ProfileLoadException($"{source}: permission denied, or it is a directory");
        }
        catch (IOException error)
        {
            throw new ProfileLoadException($"{source}: {error.Message}");
        }
        catch (ProfileFormatException error)
        {
            throw new ProfileLoadException($"{source}: {error.Message}");
        }
    }

    /// <summary>
    /// Gives a profile without mappings the empty mapping 1 that pprof adds for symbolization, holding every location;
    /// <c>-raw</c> and <c>-proto</c> show it.
    /// </summary>
    private static Profile AddPlaceholderMapping(Profile profile)
    {
        if (profile.Mappings.Count == 0)
        {
            var placeholder = new Mapping { Id = 1 };
            profile.Mappings.Add(placeholder);
            foreach (var location in profile.Locations)
            {
                location.Mapping = placeholder;
            }
        }

        return profile;
    }
}

/// <summary>A source could not be read; the message names it and says why.</summary>
internal sealed class ProfileLoadException(string message) : Exception(message);
