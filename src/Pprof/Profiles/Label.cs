namespace Pprof.Profiles;

/// <summary>
/// A sample label: either a string (<see cref="Str"/> set) or a number with an optional unit.
/// </summary>
public readonly record struct Label(string Key, string? Str, long Num = 0, string? NumUnit = null)
{
    /// <summary>Marks samples of the base profile in a <c>-diff_base</c> comparison.</summary>
    public const string DiffBaseKey = "pprof::base";

    public bool IsNumeric => Str is null;

    public static Label String(string key, string value) => new(key, value);

    public static Label Number(string key, long value, string? unit = null) => new(key, null, value, unit);
}
