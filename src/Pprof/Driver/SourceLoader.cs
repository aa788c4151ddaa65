using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Driver;

/// <summary>
/// Loads the profiles of a command line: reads every source, merges them, then applies <c>-base</c> or
/// <c>-diff_base</c> (subtracting the merged bases) and the profile's own drop_frames.
/// </summary>
public sealed class SourceLoader(Action<string> warnings)
{
    /// <param name="compactSingleSource">Merge a lone profile with itself, as pprof does with every source.</param>
    public Profile Load(SourceOptions options, bool compactSingleSource = false)
    {
        var profile = LoadAll(options.Sources, options, compactSingleSource);
        if (options.Bases.Count > 0)
        {
            var baseProfile = LoadAll(options.Bases, options, compactSingleSource);
            if (options.DiffBase)
            {
                LabelOperations.SetLabel(baseProfile, Label.DiffBaseKey, "true");
            }

            if (options.Normalize)
            {
                Scaling.Normalize(profile, baseProfile);
            }

            Scaling.Scale(baseProfile, -1);
            profile = Combine([profile, baseProfile]);
        }

        Pruning.RemoveUninteresting(profile);
        if (options.Comment.Length != 0)
        {
            profile.Comments.Add(options.Comment);
        }

        return profile;
    }

    private Profile LoadAll(IReadOnlyList<string> sources, SourceOptions options, bool compactSingleSource)
    {
        var useSymbolComments = options.Symbolize != "none";
        var profiles = new Profile?[sources.Count];
        var errors = new ProfileLoadException?[sources.Count];
        Parallel.For(0, sources.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                profiles[i] = Read(sources[i], options, useSymbolComments);
            }
            catch (ProfileLoadException error)
            {
                errors[i] = error;
            }
        });

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
        return loaded.Count == 1 && !compactSingleSource ? loaded[0] : Combine(loaded);
    }

    private static Profile Combine(List<Profile> profiles)
    {
        Scaling.ToCommonUnits(profiles);
        return Merger.Merge(profiles);
    }

    private Profile Read(string source, SourceOptions options, bool useSymbolComments)
    {
        var readOptions = new ReadOptions { UseSymbolComments = useSymbolComments };
        if (ProfileFetcher.Parse(source, options.Seconds, options.Timeout) is { } remote)
        {
            var fetcher = new ProfileFetcher(warnings);
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

            fetcher.Save(profile);
            return profile;
        }

        try
        {
            return ProfileReader.ReadFile(source, readOptions);
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
}

/// <summary>A source could not be read; the message names it and says why.</summary>
public sealed class ProfileLoadException(string message) : Exception(message);
