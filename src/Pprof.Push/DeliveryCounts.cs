namespace Pprof.Push;

/// <summary>What a <see cref="ProfileDelivery"/> has done so far, in profiles (bytes for the sizes).</summary>
public sealed record DeliveryCounts(long Sent, long Failed, long Dropped, long Retried, long Bytes, int Queued, long QueuedBytes)
{
    public override string ToString() => $"{Sent} pushed, {Failed} failed, {Dropped} dropped";
}
