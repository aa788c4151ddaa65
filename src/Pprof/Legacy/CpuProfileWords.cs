using System.Buffers.Binary;

namespace Pprof.Legacy;

/// <summary>
/// The words of a legacy binary CPU profile, in the word size and byte order of the machine that wrote it. Reading
/// past the end gives 0 and marks the words <see cref="Exhausted"/>, as pprof's reader does.
/// </summary>
internal ref struct CpuProfileWords(ReadOnlySpan<byte> data, int size, bool bigEndian)
{
    private ReadOnlySpan<byte> _rest = data;

    /// <summary>The encodings pprof tries, in its order.</summary>
    public static readonly (int Size, bool BigEndian)[] Encodings = [(4, false), (4, true), (8, false), (8, true)];

    public readonly ReadOnlySpan<byte> Rest => _rest;

    public bool Exhausted { get; private set; }

    public ulong Read()
    {
        if (Exhausted || _rest.Length < size)
        {
            Exhausted = true;
            _rest = default;
            return 0;
        }

        var word = _rest[..size];
        _rest = _rest[size..];
        return (size, bigEndian) switch
        {
            (4, false) => BinaryPrimitives.ReadUInt32LittleEndian(word),
            (4, true) => BinaryPrimitives.ReadUInt32BigEndian(word),
            (_, false) => BinaryPrimitives.ReadUInt64LittleEndian(word),
            _ => BinaryPrimitives.ReadUInt64BigEndian(word),
        };
    }
}
