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
    /// Appends to <paramref name="stack"/> the location of each return address, moved back by one to land on the
    /// call instruction, as pprof does.
    /// </summary>
    public void AddStack(List<ulong> returnAddresses, List<int> stack)
    {
        foreach (var returnAddress in returnAddresses)
        {
            var address = unchecked(returnAddress - 1);
            if (!_indices.TryGetValue(address, out var index))
            {
                index = Locations.Count;
                _indices[address] = index;
                Locations.Add(new Location { Id = (ulong)index + 1, Address = address });
            }

            stack.Add(index);
        }
    }

    /// <summary>
    /// Hands the locations to <paramref name="profile"/> with their mappings (from the memory map section that may
    /// follow the samples) and the functions <paramref name="comments"/> named.
    /// </summary>
    public void Complete(Profile profile, TextLines lines, SymbolComments? comments)
    {
        comments?.Finish();
        profile.Mappings.AddRange(LegacyMappings.Assign(Locations, MemoryMapParser.Read(lines)));
        profile.Locations.AddRange(Locations);
        profile.Functions.AddRange(comments?.Functions ?? []);
    }
}
