using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pprof.Push;

namespace Pprof.AspNetCore;

/// <summary>Checks <c>PushTo(...)</c> when the host starts: one message naming the setting that cannot work.</summary>
internal sealed class PushValidation(IHostEnvironment host) : IValidateOptions<PprofOptions>
{
    public ValidateOptionsResult Validate(string? name, PprofOptions options)
    {
        try
        {
            options.Push?.Validate(host.ApplicationName);
            return ValidateOptionsResult.Success;
        }
        catch (PushConfigurationException error)
        {
            return ValidateOptionsResult.Fail($"PprofOptions.PushTo({options.Push!.Server}): {error.Message}");
        }
    }
}
