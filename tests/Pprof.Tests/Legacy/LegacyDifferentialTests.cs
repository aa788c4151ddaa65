using System.Diagnostics;
using System.Text;
using Pprof.Tests.Support;

namespace Pprof.Tests.Legacy;

/// <summary>
/// Damaged copies of the legacy fixtures (lines dropped, repeated or garbled; bytes cut, changed, removed or added),
/// each read by <c>go tool pprof -raw</c> and by the driver: both refuse it, or both print the same bytes. The damage
/// is drawn from a fixed seed, so a failure names a file that can be made again.
/// </summary>
public sealed class LegacyDifferentialTests : IDisposable
{
    private const int CasesPerFixture = 6;
    private static readonly TimeSpan GoTimeout = TimeSpan.FromMinutes(2);

    private static readonly string[] Tokens =
    [
        "0", "00", "7", "-1", "0x10", "=", " ", "\t", "#", "---", "--- Memory map: ---", "@", "[", "]", ":",
        "99999999999999999999", "0x", "()", "(a:1)", "same as previous thread", "format = java", "resolution = bytes",
        "sampling period = 0", "cycles/second = 0", "ms since reset = 012", "discarded samples = x",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("pprof-legacy-diff-").FullName;

    public static TheoryData<string> Fixtures() =>
    [
        .. Directory.EnumerateFiles(LegacyTestData.Folder)
            .Select(path => Path.GetFileName(path))
            .Where(name => name != "README.md")
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Damaged_fixture_is_read_as_go_tool_pprof_reads_it(string name)
    {
        var original = File.ReadAllBytes(LegacyTestData.File(name));
        var random = new Random(name.Aggregate(17, (hash, c) => unchecked((hash * 31) + c)));
        var disagreements = new List<string>();
        for (var i = 0; i < CasesPerFixture; i++)
        {
            var path = Path.Combine(_folder, $"{i}.{name}");
            File.WriteAllBytes(path, name.EndsWith(".prof", StringComparison.Ordinal) ? DamageBytes(original, random) : DamageLines(original, random));

            var (goStatus, goOutput, goError) = GoRaw(path);
            var ours = DriverRun.Of("-symbolize=none", "-raw", path);

            if ((goStatus == 0) != (ours.Status == 0) || (goStatus == 0 && !goOutput.SequenceEqual(ours.Stdout)))
            {
                disagreements.Add($"{path}: go tool pprof exited with {goStatus} ({goError.Trim()}), dotnet-pprof with {ours.Status} ({ours.Stderr.Trim()})");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] DamageLines(byte[] original, Random random)
    {
        var lines = Encoding.UTF8.GetString(original).Split('\n').ToList();
        for (var damages = random.Next(1, 4); damages > 0; damages--)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(4))
            {
                case 0:
                    lines.RemoveAt(at);
                    break;
                case 1:
                    lines.Insert(at, lines[random.Next(lines.Count)]);
                    break;
                case 2:
                    var words = lines[at].Split(' ');
                    words[random.Next(words.Length)] = Tokens[random.Next(Tokens.Length)];
                    lines[at] = string.Join(' ', words);
                    break;
                default:
                    lines.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
            }

            if (lines.Count == 0)
            {
                lines.Add("");
            }
        }

        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    /// <summary>Damages what follows the header, which is what makes a binary CPU profile one.</summary>
    private static byte[] DamageBytes(byte[] original, Random random)
    {
        const int Header = 40;
        var at = random.Next(Header, original.Length);
        byte[] values = [0, 1, 2, 3, 255, (byte)random.Next(256)];
        switch (random.Next(4))
        {
            case 0:
                return original[..at];
            case 1:
                var changed = original.ToArray();
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    changed[random.Next(Header, changed.Length)] = values[random.Next(values.Length)];
                }

                return changed;
            case 2:
                return [.. original[..at], .. original[Math.Min(original.Length, at + random.Next(1, 9))..]];
            default:
                return [.. original[..at], .. new byte[random.Next(1, 9)], .. original[at..]];
        }
    }

    private static (int Status, byte[] Output, string Error) GoRaw(string path)
    {
        var start = new ProcessStartInfo("go", ["tool", "pprof", "-symbolize=none", "-raw", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["TZ"] = "UTC" },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start go");
        var error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        Assert.True(process.WaitForExit(GoTimeout), $"go tool pprof -raw {path} did not finish");
        return (process.ExitCode, output.ToArray(), error.Result);
    }
}
