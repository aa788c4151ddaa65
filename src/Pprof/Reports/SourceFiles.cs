using Pprof.Graphs;
using Pprof.Profiles;

namespace Pprof.Reports;

/// <summary>
/// The source files a profile names, found as pprof finds them: <c>-trim_path</c> prefixes (or, without one, the part
/// up to the base name of a <c>-source_path</c> directory) are cut off, then a relative name is looked up in each
/// search directory and its parents. Files are read once.
/// </summary>
/// <param name="searchPath">Directories separated by <see cref="Path.PathSeparator"/>; empty for the current one.</param>
/// <param name="trimPath">Prefixes separated by <see cref="Path.PathSeparator"/>.</param>
internal sealed class SourceFiles(string searchPath, string trimPath)
{
    // Where build systems that run in a sandbox leave their sources.
    private static readonly string[] SandboxPrefixes = ["/proc/self/cwd/./", "/proc/self/cwd/"];

    private readonly Dictionary<string, SourceText> _files = [];

    /// <summary>
    /// Renames the files of the profile's functions as reports show them, trimmed; the search directories named on
    /// the command line guide the trimming, the current directory does not.
    /// </summary>
    public void TrimFunctionFiles(Profile profile)
    {
        foreach (var function in profile.Functions)
        {
            function.Filename = Trim(function.Filename, searchPath);
        }
    }

    /// <summary>The lines of <paramref name="path"/> (line n at index n - 1), or why it cannot be read.</summary>
    public SourceText Read(string path)
    {
        if (!_files.TryGetValue(path, out var text))
        {
            _files[path] = text = Load(path);
        }

        return text;
    }

    private SourceText Load(string path)
    {
        var directories = searchPath.Length != 0 ? searchPath : Directory.GetCurrentDirectory();
        path = Trim(path, directories);
        if (path.StartsWith('/'))
        {
            return TryReadAllBytes(path, out var reason) is { } content
                ? SourceText.Of(content)
                : SourceText.Failure($"open {path}: {reason}");
        }

        foreach (var start in SplitList(directories))
        {
            for (var directory = start; ; directory = Parent(directory))
            {
                var candidate = Join(directory, path);
                if (TryReadAllBytes(candidate, out _) is { } content)
                {
                    return SourceText.Of(content);
                }

                if (Parent(directory) == directory)
                {
                    break;
                }
            }
        }

        return SourceText.Failure($"could not find file {path} on path {directories}");
    }

    private string Trim(string path, string directories)
    {
        if (trimPath.Length == 0)
        {
            foreach (var directory in SplitList(directories))
            {
                var marker = "/" + BaseName(directory) + "/";
                var found = path.IndexOf(marker, StringComparison.Ordinal);
                if (found >= 0)
                {
                    return path[(found + marker.Length)..];
                }
            }
        }

        foreach (var prefix in SplitList(trimPath).Concat(SandboxPrefixes))
        {
            var withSlash = prefix.EndsWith('/') ? prefix : prefix + "/";
            if (path.StartsWith(withSlash, StringComparison.Ordinal))
            {
                return path[withSlash.Length..];
            }
        }

        return path;
    }

    /// <param name="reason">Why the file cannot be read, as Go's <c>os.Open</c> words it.</param>
    private static byte[]? TryReadAllBytes(string path, out string reason)
    {
        reason = "";
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            reason = error switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
                UnauthorizedAccessException => "permission denied",
                _ => error.Message,
            };
            return null;
        }
    }

    private static string[] SplitList(string list) => list.Length == 0 ? [] : list.Split(Path.PathSeparator);

    // Go's filepath.Base, Dir and Join, for slash-separated paths.
    private static string BaseName(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        path = path.TrimEnd('/');
        return path.Length == 0 ? "/" : path[(path.LastIndexOf('/') + 1)..];
    }

    private static string Parent(string path) => GoPath.Clean(path[..(path.LastIndexOf('/') + 1)]);

    private static string Join(string directory, string path) =>
        directory.Length == 0 ? GoPath.Clean(path) : GoPath.Clean(directory + "/" + path);
}
