using Microsoft.Extensions.DependencyInjection.Extensions;
using Pprof.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

public static class PprofServiceCollectionExtensions
{
    /// <summary>The services of <c>app.MapPprof()</c>: its options, and allocation sampling from the start when asked for.</summary>
    public static IServiceCollection AddPprof(this IServiceCollection services, Action<PprofOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PprofOptions>()
            .Configure(configure ?? (_ => { }))
            .Validate(o => o.MaxSeconds >= 1, "PprofOptions.MaxSeconds must be 1 or more")
            .Validate(o => o.AllocationWindow > TimeSpan.Zero, "PprofOptions.AllocationWindow must be positive")
            .ValidateOnStart();
        services.TryAddSingleton<AllocationHistory>();
        services.AddHostedService(provider => provider.GetRequiredService<AllocationHistory>());
        return services;
    }
}
