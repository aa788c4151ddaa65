using Microsoft.Diagnostics.Tracing.Etlx;
using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>Weighted allocation events added up by stack and allocated type into alloc_objects and alloc_space.</summary>
internal sealed class AllocationSamples
{
    private readonly ProfileBuilder _builder = new(new SampleType("alloc_objects", "count"), new SampleType("alloc_space", "bytes"));
    private readonly ManagedStacks _stacks;

    public AllocationSamples() => _stacks = new ManagedStacks(_builder);

    public int Count { get; private set; }

    public void Add(TraceCallStack? stack, string typeName, double objects, double bytes)
    {
        Count++;
        _builder.Add(_stacks.Resolve(stack), [objects, bytes], Label.String("type", typeName));
    }

    public Profile Build(string mainModule) => _builder.Build(mainModule);
}
