namespace Pprof.Profiles;

/// <summary>A function, method or symbol that frames refer to.</summary>
public sealed class Function
{
    public ulong Id { get; set; }
    public string Name { get; set; } = "";
    public string SystemName { get; set; } = "";
    public string Filename { get; set; } = "";
    public long StartLine { get; set; }

    public Function Clone() => (Function)MemberwiseClone();
}
