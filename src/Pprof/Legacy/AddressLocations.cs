using System.Runtime.InteropServices;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// The locations of a legacy profile: one per distinct address, numbered 1..N in order of first appearance.
/// </summary>
internal sealed class AddressLocations
{
    private readonly Dictionary<ulong, int> _indices = [];

    public List<Location> Locations { get; } = [];

    /// <summary>
    /// Appends to <paramref name="stack"/> the location of each address, leaf first. Return addresses are moved back
    /// by one to land on the call instruction, as pprof does.
    /// </summary>
    public void AddStack(List<ulong> addresses, List<int> stack, StackAddresses kind = StackAddresses.ReturnAddresses)
    {
        for (var i = 0; i < addresses.Count; i++)
        {
            var address = CallSite(addresses[i], i, kind);
            if (!_indices.TryGetValue(address, out var index))
            {
                index = Locations.Count;
                _indices[address] = index;
                Locations.Add(new Location { Id = (ulong)index + 1, Address = address });
            }

            stack.Add(index);
        }
    }

    /// <summary>Adds the samples to <paramref name="profile"/>, their addresses already those of their locations.</summary>
    public void AddSamples(Profile profile, List<LegacySample> samples)
    {
        var stack = new List<int>();
        foreach (var sample in samples)
        {
            stack.Clear();
            AddStack(sample.Addresses, stack, StackAddresses.Exact);
            profile.Samples.Add(CollectionsMarshal.AsSpan(stack), sample.Values, []);
        }
    }

    /// <summary>The address pprof gives the frame at <paramref name="position"/> (0 for the leaf) of a stack.</summary>
    public static ulong CallSite(ulong address, int position, StackAddresses kind) =>
        kind == StackAddresses.ReturnAddresses || (kind == StackAddresses.LeafThenReturnAddresses && position > 0)
            ? unchecked(address - 1)
            : address;

    public Location? Find(ulong address) => _indices.TryGetValue(address, out var index) ? Locations[index] : null;

    /// <summary>
    /// Hands the locations to <paramref name="profile"/> with their mappings (from the memory map section that may
    /// follow the samples) and the functions <paramref name="comments"/> named.
    /// </summary>
    public void Complete(Profile profile, TextLines lines, SymbolComments? comments) =>
        Complete(profile, MemoryMapParser.Read(lines), comments);

    /// <summary>Hands the locations to <paramref name="profile"/> with their mappings from <paramref name="memoryMap"/>.</summary>
    public void Complete(Profile profile, List<Mapping> memoryMap, SymbolComments? comments = null)
    {
        comments?.Finish();
        profile.Mappings.AddRange(LegacyMappings.Assign(Locations, memoryMap));
        profile.Locations.AddRange(Locations);
        profile.Functions.AddRange(comments?.Functions ?? []);
    }
}
