using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Leaks;

/// <summary>
/// Reads a series of profile files into digests, each profile dropped as soon as it is digested; two at a time
/// at most, so that memory stays near that of two profiles however long the series.
/// </summary>
public static class SeriesLoader
{
    public static ProfileDigest[] Load(IReadOnlyList<string> files, int parallelism = 2)
    {
        var digests = new ProfileDigest[files.Count];
        try
        {
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, i =>
                digests[i] = Load(files[i]));
        }
        catch (AggregateException error) when (error.InnerExceptions.OfType<LeakInputException>().FirstOrDefault() is { } input)
        {
            throw input;
        }

        return digests;
    }

    public static ProfileDigest Load(string file)
    {
        var digest = ProfileDigester.Digest(Read(file), file);
        digest.Reopen = () => Read(file);
        if (digest.Shape == ProfileShape.HeapSites && !IsGzip(file))
        {
            GoMemStats.Read(file, digest);
        }

        return digest;
    }

    private static Profile Read(string file)
    {
        try
        {
            return ProfileSource.Load(file);
        }
        catch (Exception error) when (error is ProfileFormatException or InvalidDataException)
        {
            throw new LeakInputException($"{file}: not a profile that can be read ({OneLine(error.Message)})", error);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new LeakInputException($"{file}: {OneLine(error.Message)}", error);
        }
    }

    private static bool IsGzip(string file)
    {
        using var stream = File.OpenRead(file);
        return stream.ReadByte() == 0x1f && stream.ReadByte() == 0x8b;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
}
