using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pprof.Collector;
using Pprof.Profiles;

namespace Pprof.AspNetCore;

/// <summary>
/// With <see cref="PprofOptions.SampleAllocationsFromStart"/>, samples the app's allocations from its start in
/// back-to-back windows and adds each finished window to a running total, which <c>/allocs</c> serves at once.
/// Allocations made while a window is turned into a profile fall between windows and are not counted; the total's
/// comments say how much of the time the windows covered.
/// </summary>
internal sealed class AllocationHistory(IOptions<PprofOptions> options, ILogger<AllocationHistory> logger) : BackgroundService
{
    private readonly TaskCompletionSource _firstWindow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private DateTimeOffset _started;
    private DateTimeOffset _lastWindowEnd;
    private Profile? _total;
    private string? _failure;

    public bool IsOn => options.Value.SampleAllocationsFromStart;

    /// <summary>What was sampled since the start, up to the last finished window; waits for the first one.</summary>
    public async Task<Profile> TotalAsync(CancellationToken aborted)
    {
        await _firstWindow.Task.WaitAsync(aborted);
        lock (_lock)
        {
            if (_total is null)
            {
                throw new PprofRequestException(
                    StatusCodes.Status500InternalServerError, "allocation sampling since the start has no window yet: " + _failure);
            }

            var total = _total.Clone();
            var covered = TimeSpan.FromTicks(total.DurationNanos / 100);
            total.Comments.Add(string.Create(CultureInfo.InvariantCulture,
                $"allocations sampled since {_started:u} in windows of {options.Value.AllocationWindow.TotalSeconds:0} s: "
                + $"{covered.TotalSeconds:0} s of the {(_lastWindowEnd - _started).TotalSeconds:0} s up to the last finished window"));
            return total;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsOn)
        {
            return;
        }

        _started = DateTimeOffset.UtcNow;
        var window = options.Value.AllocationWindow;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sampled = await Task.Factory.StartNew(
                    () => SelfProfiler.Collect(ProfileKind.Allocs, window, stoppingToken),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                Add(sampled);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // A failed window must not stop the host, as an exception out of a background service would.
                Fail(error as CollectorException, error);
                await Task.Delay(window, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Add(Profile sampled)
    {
        lock (_lock)
        {
            _total = _total is null ? sampled : Merger.Merge([_total, sampled]);
            _lastWindowEnd = DateTimeOffset.UtcNow;
            _failure = null;
        }

        _firstWindow.TrySetResult();
    }

    /// <summary>Keeps the reason clients are told: the collector's message, else no more than that it failed (logged in full).</summary>
    private void Fail(CollectorException? collectorError, Exception error)
    {
        var message = collectorError?.Message ?? PprofHandler.HiddenReason;
        lock (_lock)
        {
            if (_failure != message)
            {
                logger.LogWarning(collectorError is null ? error : null,
                    "Sampling allocations since the start: {Message}; trying again in a window", collectorError?.Message ?? error.Message);
            }

            _failure = message;
        }

        _firstWindow.TrySetResult();
    }
}
