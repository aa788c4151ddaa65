using System.Text;

namespace Pprof.Graphs;

/// <summary>Go's <c>path/filepath.Clean</c> for slash-separated paths, so node names match pprof's.</summary>
internal static class GoPath
{
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add(part);
                }

                continue;
            }

            parts.Add(part);
        }

        var cleaned = new StringBuilder(path.Length);
        if (rooted)
        {
            cleaned.Append('/');
        }

        cleaned.AppendJoin('/', parts);
        return cleaned.Length == 0 ? "." : cleaned.ToString();
    }
}
