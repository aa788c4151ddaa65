using System.Globalization;
using System.Text.Json;

namespace Pprof.Collector;

/// <summary>
/// The GC settings a process was started with: its <c>DOTNET_</c> (or older <c>COMPlus_</c>) variables, which the
/// runtime reads as hexadecimal numbers and which win over its runtimeconfig.json's <c>System.GC.*</c> properties.
/// </summary>
internal static class GcConfiguration
{
    public static GcSettings Read(DotnetProcess target)
    {
        var fromFile = RuntimeConfig(target) is { } file ? FromRuntimeConfig(file) : new GcSettings();
        return Environment(target.Id) is { Count: > 0 } variables ? fromFile.Under(FromEnvironment(variables)) : fromFile;
    }

    /// <summary>Settings from environment variables, already stripped of their prefix (DOTNET_ first, then COMPlus_).</summary>
    internal static GcSettings FromEnvironment(IReadOnlyDictionary<string, string> variables) => Build(
        (variable, _) => variables.TryGetValue(variable, out var text)
            && long.TryParse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
                ? value
                : null,
        "environment");

    /// <summary>Settings from a runtimeconfig.json's <c>runtimeOptions.configProperties</c>.</summary>
    internal static GcSettings FromRuntimeConfig(string json)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.TryGetProperty("runtimeOptions", out var options) && options.TryGetProperty("configProperties", out var config)
                && config.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in config.EnumerateObject())
                {
                    properties[property.Name] = property.Value.Clone();
                }
            }
        }
        catch (JsonException)
        {
            return new GcSettings();
        }

        return Build(
            (_, property) => property is not null && properties.TryGetValue("System.GC." + property, out var value) ? value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetInt64(out var number) => number,
                JsonValueKind.True => 1,
                JsonValueKind.False => 0,
                JsonValueKind.String => ParseText(value.GetString()!),
                _ => null,
            } : null,
            "runtimeconfig.json");
    }

    /// <summary>The settings from one source, which gives a number by a setting's variable name and its property name.</summary>
    private static GcSettings Build(Func<string, string?, long?> number, string source)
    {
        bool? Flag(string variable, string property) => number(variable, property) is { } value ? value != 0 : null;
        int? Small(string variable, string property) => number(variable, property) is { } value ? (int)Math.Clamp(value, int.MinValue, int.MaxValue) : null;
        var settings = new GcSettings
        {
            Server = Flag("gcServer", "Server"),
            Concurrent = Flag("gcConcurrent", "Concurrent"),
            ConserveMemory = Small("GCConserveMemory", "ConserveMemory"),
            HardLimitBytes = number("GCHeapHardLimit", "HeapHardLimit"),
            HardLimitPercent = Small("GCHeapHardLimitPercent", "HeapHardLimitPercent"),
            Gen0SizeBytes = number("GCgen0size", null),
            RetainVM = Flag("GCRetainVM", "RetainVM"),
            HeapCount = Small("GCHeapCount", "HeapCount"),
            DynamicAdaptationMode = Small("GCDynamicAdaptationMode", "DynamicAdaptationMode"),
        };
        return settings.Named().Any() ? settings with { Sources = [source] } : settings;
    }

    private static long? ParseText(string text) => text switch
    {
        _ when bool.TryParse(text, out var flag) => flag ? 1 : 0,
        _ when text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) => hex,
        _ when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    /// <summary>The GC's variables of the process, by name less the prefix; DOTNET_ wins over COMPlus_.</summary>
    private static Dictionary<string, string> Environment(int processId)
    {
        var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var entries = File.ReadAllText($"/proc/{processId}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            foreach (var prefix in new[] { "COMPlus_", "DOTNET_" })
            {
                foreach (var entry in entries.Where(e => e.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                {
                    var equals = entry.IndexOf('=', StringComparison.Ordinal);
                    if (equals > prefix.Length && entry[prefix.Length..equals].StartsWith("gc", StringComparison.OrdinalIgnoreCase))
                    {
                        variables[entry[prefix.Length..equals]] = entry[(equals + 1)..];
                    }
                }
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // No /proc, or not ours to read: the settings come from the events alone.
        }

        return variables;
    }

    /// <summary>The text of the app's runtimeconfig.json, beside its entry assembly, if there is one.</summary>
    private static string? RuntimeConfig(DotnetProcess target)
    {
        var entry = Metadata.LoadedAssemblies.Of(target.Id)
            .FirstOrDefault(path => string.Equals(Path.GetFileName(path), target.MainModule, StringComparison.OrdinalIgnoreCase));
        var file = entry is null ? null : Path.ChangeExtension(entry, ".runtimeconfig.json");
        try
        {
            return file is not null && File.Exists(file) ? File.ReadAllText(file) : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
