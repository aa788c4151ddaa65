namespace InliningApp;

/// <summary>A label list that only grows; each label's text comes from an inlined helper.</summary>
public sealed class Label(int[] digits)
{
    public int[] Digits { get; } = digits;

    public static Label For(int round) => new(Spread(round));

    private static int[] Spread(int round) => new int[512 + (round & 1)];
}

/// <summary>The labels, held by a static list.</summary>
public static class Labels
{
    private static readonly List<Label> All = [];

    public static void Add(Label label) => All.Add(label);
}
