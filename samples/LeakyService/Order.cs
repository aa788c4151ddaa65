namespace LeakyService;

/// <summary>An order with its lines: about 5 KB, most of it the <see cref="OrderLine"/> array.</summary>
public sealed class Order(int id, OrderLine[] lines)
{
    public int Id { get; } = id;

    public OrderLine[] Lines { get; } = lines;

    public string Summary() => $"order {Id}: {Lines.Length} lines, {Lines.Sum(l => l.PriceCents * l.Quantity) / 100m:0.00} total\n";
}
