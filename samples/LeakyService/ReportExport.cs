using System.Globalization;
using System.Text;

namespace LeakyService;

/// <summary>
/// Leak 3, the buffer that doubles: a large download is rendered into a MemoryStream without a capacity, which
/// grows by doubling (a new array, the old one copied and dropped), then copied once more by ToArray. A 4 MB report
/// allocates about 16 MB, on the large object heap.
/// </summary>
public static class ReportExport
{
    public static byte[] Render(int kilobytes)
    {
        var report = new MemoryStream();
        var row = new byte[1024];
        for (var i = 0; i < kilobytes; i++)
        {
            var text = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{i},item-{i},{i * 3 % 1000}\n"));
            text.CopyTo(row, 0);
            row.AsSpan(text.Length).Fill((byte)' ');
            report.Write(row);
        }

        return report.ToArray();
    }
}
