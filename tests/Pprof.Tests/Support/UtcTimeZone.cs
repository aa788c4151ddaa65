using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Pprof.Tests.Support;

/// <summary>
/// Goldens print <c>Time:</c> as <c>go tool pprof</c> did with <c>TZ=UTC</c>: run every test in UTC, whatever the
/// machine's zone, before any test reads <see cref="TimeZoneInfo.Local"/>.
/// </summary>
internal static class UtcTimeZone
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "A test assembly sets its process-wide time zone once, before any test.")]
    internal static void Apply()
    {
        Environment.SetEnvironmentVariable("TZ", "UTC");
        TimeZoneInfo.ClearCachedData();
    }
}
