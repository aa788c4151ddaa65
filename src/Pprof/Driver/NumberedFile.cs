using System.Globalization;

namespace Pprof.Driver;

/// <summary>Files named as pprof names the reports it keeps off a terminal: a prefix, a three-digit number, an extension.</summary>
internal static class NumberedFile
{
    private const int Limit = 1000;

    /// <summary>
    /// Writes <paramref name="content"/> to the first free name among <c>profile001.svg</c>, <c>profile002.svg</c>, ...
    /// in <paramref name="directory"/> ("" for the current one) and returns that name.
    /// </summary>
    public static string Write(string directory, string prefix, string extension, MemoryStream content)
    {
        for (var number = 1; number < Limit; number++)
        {
            var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{prefix}{number:D3}.{extension}"));
            try
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                content.Position = 0;
                content.CopyTo(file);
                return path;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Taken: try the next number.
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new OutputException($"cannot write {path}: {error.Message}");
            }
        }

        throw new OutputException($"cannot write {Path.Combine(directory, prefix)}NNN.{extension}: all {Limit - 1} names are taken");
    }
}
