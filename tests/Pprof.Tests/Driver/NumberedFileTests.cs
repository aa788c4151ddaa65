using Pprof.Driver;

namespace Pprof.Tests.Driver;

/// <summary>Where pictures go when stdout is a terminal: the next free <c>profileNNN.ext</c>, as pprof names them.</summary>
public sealed class NumberedFileTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-numbered-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Each_report_takes_the_next_free_number()
    {
        File.WriteAllText(Path.Combine(_scratch, "profile002.svg"), "taken");
        using var content = new MemoryStream("<svg/>"u8.ToArray());

        var first = NumberedFile.Write(_scratch, "profile", "svg", content);
        var second = NumberedFile.Write(_scratch, "profile", "svg", content);

        Assert.Equal(Path.Combine(_scratch, "profile001.svg"), first);
        Assert.Equal(Path.Combine(_scratch, "profile003.svg"), second);
        Assert.Equal("<svg/>", File.ReadAllText(second));
        Assert.Equal("taken", File.ReadAllText(Path.Combine(_scratch, "profile002.svg")));
    }
}
