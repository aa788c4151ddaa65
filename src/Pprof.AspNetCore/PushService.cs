using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pprof.Collector;
using Pprof.Profiles;
using Pprof.Push;

namespace Pprof.AspNetCore;

/// <summary>
/// <c>PushTo(...)</c>: window after window, collects the chosen profiles of this app (shared with the endpoints),
/// labelled with this host and process (<see cref="HostLabels"/>), and hands them to a <see cref="ProfileDelivery"/>, which sends them off this loop. A window whose collection fails is
/// logged and skipped; nothing a server does reaches the app. At shutdown what is queued is flushed, boundedly.
/// </summary>
internal sealed class PushService(
    IOptions<PprofOptions> options, AllocationHistory history, IHostEnvironment host, TimeProvider time, ILogger<PushService> logger)
    : BackgroundService
{
    private readonly CumulativeDelta _allocations = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Push is not { } push)
        {
            return;
        }

        var service = push.ServiceName ?? host.ApplicationName;
        var labels = push.UserLabels(service);
        var thisProcess = HostLabels.OfThisProcess();
        var client = push.Client(time);
        await using var delivery = new ProfileDelivery(
            new PyroscopeClient(client), client, push.Delivery(), line => logger.LogWarning("Pushing profiles to Pyroscope: {Line}", line));
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetUtcNow();
            var window = await Task.WhenAll(push.Profiles.Select(kind => CollectAsync(kind, push.Interval, stoppingToken)));
            delivery.Enqueue(window.OfType<Profile>(), profile => SeriesLabels.For(ProfileTypeName.Of(profile), service, thisProcess, labels));

            var rest = started + push.Interval - time.GetUtcNow();
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>One profile of the window; null, logged, when it could not be collected (or the host is stopping).</summary>
    private async Task<Profile?> CollectAsync(ProfileKind kind, TimeSpan window, CancellationToken stoppingToken)
    {
        try
        {
            if (kind == ProfileKind.Allocs && history.IsOn)
            {
                // The running total since the start: its growth over the window is what Pyroscope wants.
                var total = await history.TotalAsync(stoppingToken);
                return _allocations.Next(total);
            }

            var duration = kind switch
            {
                ProfileKind.Cpu or ProfileKind.Allocs => window,
                ProfileKind.Threads => ProfileCollector.RepeatedThreadsDuration,
                _ => ProfileCollector.DefaultDuration(kind),
            };
            var profile = await SharedCollections.Process.CollectAsync(
                CollectionRun.Key(kind, duration), stop => SelfProfiler.Collect(kind, duration, stop), stoppingToken);
            if (profile is null)
            {
                logger.LogWarning("Pushing profiles to Pyroscope: {Kind} skipped this window, {Max} other collections of this app were running",
                    kind, SharedCollections.MaxAtOnce);
            }

            return profile;
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception error)
        {
            // A failed window must not stop the host, as an exception out of a background service would.
            logger.LogWarning(error is CollectorException ? null : error, "Pushing profiles to Pyroscope: collecting {Kind}: {Message}", kind, error.Message);
            return null;
        }
    }
}
