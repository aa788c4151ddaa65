using Microsoft.Diagnostics.Tracing.Etlx;
using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>Weighted allocation events added up by stack and allocated type.</summary>
internal sealed class AllocationSamples : IDisposable
{
    private readonly ProfileBuilder _builder;
    private readonly ManagedStacks _stacks;

    /// <param name="sampleTypes">What the values of <see cref="Add"/> are, such as <see cref="Allocated"/>.</param>
    public AllocationSamples(params SampleType[] sampleTypes)
    {
        _builder = new ProfileBuilder(sampleTypes);
        _stacks = new ManagedStacks(_builder);
    }

    public static SampleType[] Allocated => [new("alloc_objects", "count"), new("alloc_space", "bytes")];

    /// <summary>Go's heap profile: what was allocated, then what of it is still in use.</summary>
    public static SampleType[] AllocatedAndInUse => [.. Allocated, new("inuse_objects", "count"), new("inuse_space", "bytes")];

    public int Count { get; private set; }

    /// <param name="label">A label besides the type, when the profile has one.</param>
    public void Add(TraceCallStack? stack, string typeName, ReadOnlySpan<double> values, Label? label = null)
    {
        Count++;
        var type = Label.String("type", typeName);
        _builder.Add(_stacks.Resolve(stack, typeName), values, label is { } other ? [type, other] : [type]);
    }

    public Profile Build(string mainModule) => _builder.Build(mainModule);

    public void Dispose() => _stacks.Dispose();
}
