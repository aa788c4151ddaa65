using System.Net;

namespace Pprof.Tests.AspNetCore;

/// <summary>
/// A service whose runtime cannot be traced (<c>DOTNET_EnableDiagnostics=0</c>, so no diagnostic port): every
/// profile fails with 500 and the reason, allocation sampling from the start included, and the service goes on.
/// </summary>
public sealed class ProfilingFailureTests : IDisposable
{
    private readonly LeakyServiceProcess _service = new(
        ["--Pprof:SampleAllocationsFromStart=true", "--Pprof:AllocationWindow=00:00:01"],
        new Dictionary<string, string> { ["DOTNET_EnableDiagnostics"] = "0" });

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task Failures_answer_500_with_the_reason_and_the_service_goes_on()
    {
        foreach (var (path, reason) in new[]
        {
            ("debug/pprof/heap", "could not profile: process "),
            ("debug/pprof/goroutine?debug=2", "could not profile: process "),
            ("debug/pprof/allocs?seconds=1", "could not profile: process "),
            ("debug/pprof/allocs", "allocation sampling since the start has no window yet: process "),
        })
        {
            using var response = await _service.Client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.StartsWith(reason, body, StringComparison.Ordinal);
            Assert.Contains("no diagnostic port found", body, StringComparison.Ordinal);
            Assert.Equal(["1"], response.Headers.GetValues("X-Go-Pprof"));
        }

        Assert.StartsWith("order 1: 200 lines", await _service.Client.GetStringAsync("orders/1"), StringComparison.Ordinal);
    }
}
