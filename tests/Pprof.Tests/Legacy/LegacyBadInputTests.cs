using System.Text;
using Pprof.Tests.Support;

namespace Pprof.Tests.Legacy;

/// <summary>
/// A damaged profile of each legacy format, which <c>go tool pprof</c> refuses too: the driver says why in one line
/// that names the file, and exits with 1.
/// </summary>
public sealed class LegacyBadInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pprof-legacy-").FullName;

    public static TheoryData<string, string, string, string> Damages() => new()
    {
        // File, what to replace (or "cut:N" to keep the first N bytes) and by what, a part of the message.
        { "cpp.cpu.32le.prof", "cut:32", "", "sample 1 is cut short (a stack of 5 frames with 4 bytes left)" },
        { "java.cpu.64be.prof", "cut:56", "", "sample 1 is cut short" },
        { "cpp.contentionz.txt", "27 @ 0x4015a3", "27 0x4015a3", "line 6: '19490304       27 0x4015a3" },
        { "go.mutex.txt", "cycles/second=2000000000", "cycles/second=fast", "'cycles/second' has a value 'fast'" },
        { "cpp.threadz.txt", "--- Memory map: ---", "", "no memory map ('--- Memory map: ---') ends the thread dump" },
        { "java.heapz.txt", "393216 3 @", "393216 0 @", "line 5: Java heap sample '393216 0 @ 0x00000005 0x00000004' has a count of 0" },
        { "java.contentionz.txt", "format = java", "format = cpp", "line 2: a Java profile's format is 'cpp', not 'java'" },
        { "heap.heapz_v2.txt", "3:    131072 [", "3:    1x1072 [", "line 3: malformed heap sample" },
        { "go.threadcreate.txt", "4 @ 0x4470c5", "4 @ 0x4470c5z", "line 4: malformed threadcreate sample" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void Damaged_profile_fails_in_one_line_naming_the_file(string name, string damage, string replacement, string message)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, Damage(File.ReadAllBytes(LegacyTestData.File(name)), damage, replacement));

        var run = DriverRun.Of("-top", "-symbolize=none", path);

        Assert.Equal(1, run.Status);
        Assert.Empty(run.Stdout);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(path, run.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Damage(byte[] data, string damage, string replacement)
    {
        if (damage.StartsWith("cut:", StringComparison.Ordinal))
        {
            return data[..int.Parse(damage[4..], System.Globalization.CultureInfo.InvariantCulture)];
        }

        var text = Encoding.UTF8.GetString(data);
        Assert.Contains(damage, text, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text.Replace(damage, replacement, StringComparison.Ordinal));
    }
}
