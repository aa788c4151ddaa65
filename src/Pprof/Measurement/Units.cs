namespace Pprof.Measurement;

/// <summary>
/// Units and scaling as pprof does them: bytes scale by powers of 1024 (B, kB, MB, ...), time by SI steps
/// (ns, us, ms, s, hrs); anything else is a plain count.
/// </summary>
internal static class Units
{
    private sealed record Unit(string Name, string[] Aliases, double Factor);

    private sealed record UnitFamily(Unit[] Units, Unit Default)
    {
        public Unit? Sniff(string unit)
        {
            unit = unit.ToLowerInvariant();
            if (unit.Length > 2 && unit.EndsWith('s'))
            {
                unit = unit[..^1];
            }

            foreach (var candidate in Units)
            {
                if (Array.IndexOf(candidate.Aliases, unit) >= 0)
                {
                    return candidate;
                }
            }

            return null;
        }

        public (double Value, string Unit)? AutoScale(double value)
        {
            double factor = 0;
            var name = "";
            foreach (var unit in Units)
            {
                if (unit.Factor >= factor && value / unit.Factor >= 1.0)
                {
                    factor = unit.Factor;
                    name = unit.Name;
                }
            }

            return factor == 0 ? null : (value / factor, name);
        }
    }

    private static readonly UnitFamily Bytes = Family(
        new Unit("B", ["b", "byte"], 1),
        new Unit("kB", ["kb", "kbyte", "kilobyte"], 1L << 10),
        new Unit("MB", ["mb", "mbyte", "megabyte"], 1L << 20),
        new Unit("GB", ["gb", "gbyte", "gigabyte"], 1L << 30),
        new Unit("TB", ["tb", "tbyte", "terabyte"], 1L << 40),
        new Unit("PB", ["pb", "pbyte", "petabyte"], 1L << 50));

    private static readonly UnitFamily Time = new(
        [
            new Unit("ns", ["ns", "nanosecond"], 1),
            new Unit("us", ["μs", "us", "microsecond"], 1e3),
            new Unit("ms", ["ms", "millisecond"], 1e6),
            new Unit("s", ["s", "sec", "second"], 1e9),
            new Unit("hrs", ["hour", "hr"], 3600e9),
        ],
        new Unit("s", [], 1e9));

    private static readonly UnitFamily ComputeUnits = new(
        [
            new Unit("n*GCU", ["nanogcu"], 1e-9),
            new Unit("u*GCU", ["microgcu"], 1e-6),
            new Unit("m*GCU", ["milligcu"], 1e-3),
            new Unit("GCU", ["gcu"], 1),
            new Unit("k*GCU", ["kilogcu"], 1e3),
            new Unit("M*GCU", ["megagcu"], 1e6),
            new Unit("G*GCU", ["gigagcu"], 1e9),
            new Unit("T*GCU", ["teragcu"], 1e12),
            new Unit("P*GCU", ["petagcu"], 1e15),
        ],
        new Unit("GCU", [], 1));

    private static readonly UnitFamily[] Families = [Bytes, Time, ComputeUnits];

    private static UnitFamily Family(params Unit[] units) => new(units, units[0]);

    /// <summary>
    /// Converts <paramref name="value"/> from <paramref name="fromUnit"/> to <paramref name="toUnit"/>;
    /// <c>minimum</c> and <c>auto</c> pick the largest unit that keeps the value at least 1.
    /// Returns the value and the unit's display name ("" for plain counts).
    /// </summary>
    public static (double Value, string Unit) Scale(long value, string fromUnit, string toUnit)
    {
        if (value < 0 && -value > 0)
        {
            var (v, u) = Scale(-value, fromUnit, toUnit);
            return (-v, u);
        }

        foreach (var family in Families)
        {
            if (Convert(family, value, fromUnit, toUnit) is { } converted)
            {
                return converted;
            }
        }

        return toUnit switch
        {
            "count" or "sample" or "unit" or "minimum" or "auto" => (value, ""),
            _ => (value, toUnit),
        };
    }

    /// <summary>True when both units belong to one family (so values can be converted between them).</summary>
    public static bool SameFamily(string unit1, string unit2) =>
        unit1 == unit2 || Families.Any(f => f.Sniff(unit1) is not null && f.Sniff(unit2) is not null);

    /// <summary>A value scaled to its best unit, as in "Duration: 10s" or a tag value.</summary>
    public static string Label(long value, string unit) => ScaledLabel(value, unit, "auto");

    /// <summary>A value formatted as pprof prints it: two decimals, a trailing ".00" dropped, then the unit.</summary>
    public static string ScaledLabel(long value, string fromUnit, string toUnit)
    {
        var (scaled, unit) = Scale(value, fromUnit, toUnit);
        var text = GoFormat.Fixed2(scaled);
        if (text.EndsWith(".00", StringComparison.Ordinal))
        {
            text = text[..^3];
        }

        return text is "0" or "-0" ? "0" : text + unit;
    }

    /// <summary>|value| as a percentage of |total|; 0 of a total of 0.</summary>
    public static double Percent(long value, long total) => total == 0 ? 0 : Math.Abs((double)value / total) * 100;

    /// <summary>The share of <paramref name="value"/> in <paramref name="total"/>, padded as pprof's columns expect.</summary>
    public static string Percentage(long value, long total)
    {
        var ratio = Percent(value, total);
        return ratio switch
        {
            >= 99.95 and <= 100.05 => "  100%",
            >= 1.0 => GoFormat.Fixed2(ratio).PadLeft(5) + "%",
            _ => GoFormat.General2(ratio).PadLeft(5) + "%",
        };
    }

    private static (double, string)? Convert(UnitFamily family, long value, string fromUnitName, string toUnitName)
    {
        if (family.Sniff(fromUnitName) is not { } fromUnit)
        {
            return null;
        }

        var v = value * fromUnit.Factor;
        if (toUnitName is "minimum" or "auto")
        {
            return family.AutoScale(v) ?? (v / family.Default.Factor, family.Default.Name);
        }

        var toUnit = family.Sniff(toUnitName) ?? family.Default;
        return (v / toUnit.Factor, toUnit.Name);
    }
}
