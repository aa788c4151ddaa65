using Pprof;
using Pprof.Push;
using Pprof.Sources;

namespace DotnetPprof.Push;

/// <summary>
/// One push of profiles on disk: settings checked, files read, then the protocol's requests (one with a series per
/// file, or one a file for /ingest). A file's origin is unknown, so it gets no host labels.
/// </summary>
internal sealed class FilePush(PushFlags flags, string[] files)
{
    public int Run(TextWriter stdout, TextWriter stderr)
    {
        if (!flags.TryCheck(stderr, out var options, out var userLabels))
        {
            return 2;
        }

        var series = new List<PushSeries>(files.Length);
        foreach (var file in files)
        {
            try
            {
                series.Add(flags.Series(ProfileSource.Load(file), host: [], userLabels));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or ProfileFormatException)
            {
                stderr.WriteLine($"{PushFlags.Command}: {file}: {error.Message}");
                return 1;
            }
        }

        using var client = new PyroscopeClient(options);
        try
        {
            var attempts = client.PushAsync(series).GetAwaiter().GetResult();
            var retried = attempts > 1 ? $" after {attempts} attempts" : "";
            stdout.WriteLine($"Pushed {files.Length} profile{(files.Length == 1 ? "" : "s")} of {flags.Service} to {client.PushUri}{retried}");
            return 0;
        }
        catch (PushException error)
        {
            stderr.WriteLine($"{PushFlags.Command}: {error.Message}");
            return 1;
        }
    }
}
