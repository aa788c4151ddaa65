using System.Text;
using Pprof.Profiles;

namespace Pprof.Driver;

/// <summary>
/// The name a fetched profile is saved under, <c>pprof.BINARY.TYPE1.TYPE2.</c> as in pprof, made safe whatever the
/// server sent: every character but ASCII letters, digits and <c>._+-</c> becomes <c>_</c> (so no <c>/</c> makes a
/// folder of a sample type), and the whole stays short enough for any file system.
/// </summary>
internal static class SavedFileNames
{
    private const int MaxPrefixLength = 200;

    public static string Prefix(Profile profile)
    {
        var prefix = new StringBuilder("pprof.");
        if (profile.Mappings.Count > 0 && profile.Mappings[0].File.Length != 0)
        {
            AppendSafe(prefix, Path.GetFileName(profile.Mappings[0].File));
        }

        foreach (var type in profile.SampleTypes)
        {
            AppendSafe(prefix, type.Type);
        }

        return prefix.Length <= MaxPrefixLength ? prefix.ToString() : prefix.ToString(0, MaxPrefixLength - 1) + ".";
    }

    private static void AppendSafe(StringBuilder prefix, string part)
    {
        foreach (var c in part)
        {
            prefix.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '-' ? c : '_');
        }

        prefix.Append('.');
    }
}
