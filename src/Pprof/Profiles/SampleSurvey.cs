using Pprof.Profiles.Proto;

namespace Pprof.Profiles;

/// <summary>
/// Checks samples as the decoder copies them, before the tables they refer to may have been read: it notes the
/// range of location ids and the largest string index they use, the value totals, the stack lengths and where
/// parallel passes can start. Once the tables are read the ranges are settled at once; only a profile that fails
/// them (or has a malformed sample) needs the validation pass, which names the first bad sample's fault.
/// </summary>
internal sealed class SampleSurvey
{
    private readonly List<int> _checkpoints = [];
    private RangeReferences _references = new() { FirstLocation = ulong.MaxValue };
    private long[] _absoluteTotals = [];
    private int _count;
    private int _valueCount = -1;
    private int _minStackLength = int.MaxValue;
    private int _maxStackLength;
    private bool _failed;

    /// <summary>How many samples were added.</summary>
    public int Count => _count;

    /// <param name="offset">Where the sample's field starts among the kept samples.</param>
    public void Add(ReadOnlySpan<byte> sample, int offset)
    {
        if (_count++ % SampleList.CheckpointStride == 0)
        {
            _checkpoints.Add(offset);
        }

        if (_failed)
        {
            return;
        }

        try
        {
            if (_valueCount < 0)
            {
                var probe = _references;
                SampleShape.Read(sample, ref probe, [], out _, out var values);
                _absoluteTotals = new long[values];
            }

            SampleShape.Read(sample, ref _references, _absoluteTotals, out var stackLength, out var valueCount);
            _failed = _valueCount >= 0 && valueCount != _valueCount;
            _valueCount = valueCount;
            _minStackLength = Math.Min(_minStackLength, stackLength);
            _maxStackLength = Math.Max(_maxStackLength, stackLength);
        }
        catch (ProfileFormatException)
        {
            _failed = true;
        }
    }

    /// <summary>The checked samples, or null when some sample may be at fault and needs the validation pass.</summary>
    public SampleList? TryFinish(EncodedSamples samples, IdIndex locations, int stringCount, bool keepCheckpoints)
    {
        if (_count == 0)
        {
            return SampleList.FromEncoded(samples, 0, int.MaxValue, 0, [], new long[samples.ValueCount]);
        }

        var locationsDefined = _references.FirstLocation > _references.LastLocation
            || locations.ContainsAll(_references.FirstLocation, _references.LastLocation);
        if (_failed || _valueCount != samples.ValueCount || !locationsDefined || _references.LastString >= (ulong)stringCount)
        {
            return null;
        }

        int[] checkpoints = keepCheckpoints ? [.. _checkpoints] : [];
        return SampleList.FromEncoded(samples, _count, _minStackLength, _maxStackLength, checkpoints, _absoluteTotals);
    }

    /// <summary>Notes the lowest and highest location id and the highest string index.</summary>
    private struct RangeReferences : ISampleReferences
    {
        public ulong FirstLocation;
        public ulong LastLocation;
        public ulong LastString;

        public void Location(ulong id)
        {
            FirstLocation = Math.Min(FirstLocation, id);
            LastLocation = Math.Max(LastLocation, id);
        }

        public void String(long index) => LastString = Math.Max(LastString, (ulong)index);
    }
}
