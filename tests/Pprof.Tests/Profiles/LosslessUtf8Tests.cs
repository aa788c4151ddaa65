using System.Text;
using CsCheck;

namespace Pprof.Tests.Profiles;

/// <summary>Strings keep the bytes of a profile, valid UTF-8 or not, through every writer.</summary>
public sealed class LosslessUtf8Tests
{
    /// <summary>Mostly text, with bytes that break UTF-8 everywhere: stray continuations, cut sequences, surrogates, 0xFF.</summary>
    private static readonly Gen<byte[]> Bytes = Gen.OneOf(
        Gen.Byte.Array[0, 40],
        Gen.OneOf(
            Gen.Const("a"u8.ToArray()), Gen.Const("é"u8.ToArray()), Gen.Const("€"u8.ToArray()), Gen.Const("😀"u8.ToArray()),
            Gen.Const(new byte[] { 0xE2, 0x82 }), Gen.Const(new byte[] { 0xED, 0xA0, 0x80 }), Gen.Const(new byte[] { 0xFF }),
            Gen.Const(new byte[] { 0x80 }), Gen.Const(new byte[] { 0xF0, 0x9F, 0x98 }))
            .Array[0, 20].Select(parts => parts.SelectMany(part => part).ToArray()));

    [Fact]
    public void Any_bytes_decode_and_encode_back_to_themselves() =>
        Bytes.Sample(bytes => Assert.Equal(bytes, LosslessUtf8.Instance.GetBytes(LosslessUtf8.Decode(bytes))));

    [Fact]
    public void Valid_utf8_decodes_as_utf8_does() =>
        Gen.String.Sample(text =>
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            Assert.Equal(Encoding.UTF8.GetString(bytes), LosslessUtf8.Decode(bytes));
        });

    [Fact]
    public void A_writer_cutting_text_anywhere_writes_the_same_bytes() =>
        Gen.Select(Bytes, Gen.Int[1, 8]).Sample((bytes, chunk) =>
        {
            var text = LosslessUtf8.Decode(bytes) + "😀" + LosslessUtf8.Decode(bytes);
            using var output = new MemoryStream();
            using (var writer = new StreamWriter(output, LosslessUtf8.Instance, bufferSize: chunk, leaveOpen: true))
            {
                for (var i = 0; i < text.Length; i += chunk)
                {
                    writer.Write(text.AsSpan(i, Math.Min(chunk, text.Length - i)));
                }
            }

            Assert.Equal(LosslessUtf8.Instance.GetBytes(text), output.ToArray());
            Assert.Equal(LosslessUtf8.Instance.GetByteCount(text), output.Length);
        });

    [Fact]
    public void A_lone_surrogate_that_is_no_escape_becomes_the_replacement_character() =>
        Assert.Equal("a\uFFFDb"u8.ToArray(), LosslessUtf8.Instance.GetBytes("a\uD800b"));
}
