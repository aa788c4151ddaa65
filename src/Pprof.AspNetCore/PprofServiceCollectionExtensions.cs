using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pprof.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

public static class PprofServiceCollectionExtensions
{
    /// <summary>
    /// The services of <c>app.MapPprof()</c>: its options, allocation sampling from the start when asked for, and the
    /// push to Pyroscope when <see cref="PprofOptions.PushTo"/> is set.
    /// </summary>
    public static IServiceCollection AddPprof(this IServiceCollection services, Action<PprofOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PprofOptions>()
            .Configure(configure ?? (_ => { }))
            .Validate(o => o.MaxSeconds >= 1, "PprofOptions.MaxSeconds must be 1 or more")
            .Validate(o => o.AllocationWindow > TimeSpan.Zero, "PprofOptions.AllocationWindow must be positive")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PprofOptions>, PushValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AllocationHistory>();
        services.AddHostedService(provider => provider.GetRequiredService<AllocationHistory>());
        services.AddHostedService<PushService>();
        return services;
    }
}
