using System.Text.Json;

namespace Pprof.Web;

/// <summary>A named set of view parameters (pprof's names and values), saved with <c>/ui/saveconfig</c>.</summary>
internal sealed record SavedConfig(string Name, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary>The configuration as a query string, <c>?f=gob&amp;si=alloc_space</c>, or "" when it sets nothing.</summary>
    public string Query => Parameters.Count == 0
        ? ""
        : "?" + string.Join('&', Parameters.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
}

/// <summary>
/// The saved configurations, kept as pprof keeps its own in <c>$XDG_CONFIG_HOME/pprof/settings.json</c> but in
/// <c>dotnet-pprof/settings.json</c> under the user's configuration folder:
/// <c>{"configs":[{"name":"…","parameters":{"f":"…","si":"…"}}]}</c>. The file is read on every use, so that
/// servers running side by side see each other's saves, and replaced whole on every change.
/// </summary>
internal sealed class SavedConfigs(string path)
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };
    private readonly Lock _writing = new();

    public string Path { get; } = path;

    /// <summary>Where a user's settings go: <c>$XDG_CONFIG_HOME/dotnet-pprof/settings.json</c> (<c>~/.config/…</c>; <c>%APPDATA%\…</c> on Windows).</summary>
    public static string DefaultPath() =>
        System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "dotnet-pprof", "settings.json");

    /// <exception cref="InvalidDataException">The file is there but is not a settings file.</exception>
    public IReadOnlyList<SavedConfig> All()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }

        try
        {
            using var json = JsonDocument.Parse(bytes);
            if (!json.RootElement.TryGetProperty("configs", out var configs))
            {
                return [];
            }

            return [.. configs.EnumerateArray().Select(config => new SavedConfig(
                config.GetProperty("name").GetString() ?? "",
                [.. config.GetProperty("parameters").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? ""))]))];
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{Path} is not a dotnet-pprof settings file ({error.Message}): fix or delete it");
        }
    }

    /// <summary>Saves <paramref name="config"/>, replacing the one of the same name.</summary>
    public void Save(SavedConfig config) => Change(configs =>
    {
        var at = configs.FindIndex(c => c.Name == config.Name);
        if (at >= 0)
        {
            configs[at] = config;
        }
        else
        {
            configs.Add(config);
        }
    });

    /// <summary>Deletes the configuration named <paramref name="name"/>; false when there is none.</summary>
    public bool Delete(string name)
    {
        var deleted = false;
        Change(configs => deleted = configs.RemoveAll(c => c.Name == name) > 0);
        return deleted;
    }

    private void Change(Action<List<SavedConfig>> change)
    {
        lock (_writing)
        {
            var configs = All().ToList();
            change(configs);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
            // Written aside and moved into place, so that a reader never sees half a file.
            var temporary = Path + "." + Environment.ProcessId + ".tmp";
            using (var file = File.Create(temporary))
            using (var json = new Utf8JsonWriter(file, Indented))
            {
                json.WriteStartObject();
                json.WriteStartArray("configs");
                foreach (var config in configs)
                {
                    json.WriteStartObject();
                    json.WriteString("name", config.Name);
                    json.WriteStartObject("parameters");
                    foreach (var (name, value) in config.Parameters)
                    {
                        json.WriteString(name, value);
                    }

                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            File.Move(temporary, Path, overwrite: true);
        }
    }
}
