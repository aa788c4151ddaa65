using Pprof.Push;
using Pprof.Sources;
using Pprof.Tests.Support;

namespace Pprof.Tests.Push;

/// <summary>The labels we send, and the user's checked against Pyroscope's default validation before sending.</summary>
public sealed class SeriesLabelsTests
{
    [Theory]
    [InlineData("team")]
    [InlineData("_private")]
    [InlineData("k8s.namespace")]
    [InlineData("Region9")]
    public void Names_pyroscope_accepts_pass(string name)
    {
        SeriesLabels.Validate("checkout", [new PushLabel(name, "v")]);
    }

    [Theory]
    [InlineData("9lives", "label name '9lives': use letters, digits, _ and . only, not starting with a digit (Pyroscope's rule)")]
    [InlineData("team-name", "label name 'team-name': use letters, digits, _ and . only, not starting with a digit (Pyroscope's rule)")]
    [InlineData("", "label name '': use letters, digits, _ and . only, not starting with a digit (Pyroscope's rule)")]
    [InlineData("__session_id__", "label __session_id__: names starting with __ are Pyroscope's own")]
    public void Names_pyroscope_refuses_fail_with_the_rule(string name, string message)
    {
        var error = Assert.Throws<PushConfigurationException>(() => SeriesLabels.Validate("checkout", [new PushLabel(name, "v")]));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Names_that_become_equal_once_pyroscope_reads_dots_as_underscores_are_duplicates()
    {
        var error = Assert.Throws<PushConfigurationException>(() =>
            SeriesLabels.Validate("checkout", [new PushLabel("a.b", "1"), new PushLabel("a_b", "2")]));
        Assert.Equal("label a_b: given twice (Pyroscope before 2.0 reads dots as underscores)", error.Message);
    }

    [Fact]
    public void Values_must_be_non_empty_valid_unicode_within_pyroscopes_length()
    {
        Assert.Equal("label team: the value is empty (Pyroscope drops such labels)",
            Assert.Throws<PushConfigurationException>(() => SeriesLabels.Validate("s", [new PushLabel("team", "")])).Message);
        Assert.Equal("label team: the value is not valid Unicode",
            Assert.Throws<PushConfigurationException>(() => SeriesLabels.Validate("s", [new PushLabel("team", "\ud800")])).Message);
        Assert.Equal("label team: the value is 2049 bytes, over Pyroscope's 2048",
            Assert.Throws<PushConfigurationException>(() => SeriesLabels.Validate("s", [new PushLabel("team", new string('x', 2049))])).Message);
        Assert.Equal("the service name is empty: Pyroscope needs one",
            Assert.Throws<PushConfigurationException>(() => SeriesLabels.Validate(" ", [])).Message);
    }

    [Fact]
    public void At_most_thirty_labels_ours_and_the_hosts_included()
    {
        var labels = Enumerable.Range(0, 21).Select(i => new PushLabel($"l{i}", "v")).ToArray();
        Assert.Equal("21 labels: Pyroscope takes at most 30 per series, 10 of them ours",
            Assert.Throws<PushConfigurationException>(() => SeriesLabels.Validate("s", labels)).Message);
        SeriesLabels.Validate("s", labels[..20]);
        SeriesLabels.Validate("s", [.. labels[..20], new PushLabel("host.name", "replaced")]);
    }

    [Fact]
    public void Ours_come_first_then_the_hosts_the_user_did_not_replace_then_the_users()
    {
        var labels = SeriesLabels.For(
            "memory", "checkout", [new("host.name", "box"), new("os.type", "linux")], [new("team", "pay"), new("host.name", "pod-7")]);

        Assert.Equal(
            [new("__name__", "memory"), new("service_name", "checkout"), new("__delta__", "false"),
             new("__session_id__", PushSession.Id), new("os.type", "linux"), new("team", "pay"), new("host.name", "pod-7")],
            labels);
        Assert.Matches("^[0-9a-f]{16}$", PushSession.Id);
    }

    [Theory]
    [InlineData("testdata/go/gobmap.heap.0.pb.gz", "memory")]
    [InlineData("testdata/go/bytesbuffer.allocs.pb.gz", "memory")]
    [InlineData("testdata/go/loggerleak.goroutine.0.pb.gz", "goroutine")]
    [InlineData("testdata/legacy/go.cpu.64le.prof", "process_cpu")]
    [InlineData("testdata/legacy/go.mutex.txt", "unknown")]
    public void Each_kind_is_named_as_pyroscope_names_it(string file, string name)
    {
        Assert.Equal(name, ProfileTypeName.Of(ProfileSource.Load(Path.Combine(TestData.RepositoryRoot, file))));
    }
}
