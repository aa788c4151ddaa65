using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Pprof.Profiles.Proto;

/// <summary>
/// Reads a stream ahead on a thread of its own, so that decompressing a profile (the slowest step of reading it)
/// runs while the caller decodes what came before. Errors of the stream reach the caller where they occurred.
/// A few blocks go round between the two threads, so that a pass over a large file allocates nothing more.
/// </summary>
internal sealed class ReadAheadStream : Stream
{
    public const int BlockSize = 1 << 20;
    private const int BlocksAhead = 4;

    private readonly Stream _inner;
    private readonly BlockingCollection<Block> _blocks = new(BlocksAhead);
    private readonly BlockingCollection<byte[]> _free = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _reader;
    private Block _current;
    private int _offset;
    private bool _ended;

    public ReadAheadStream(Stream inner)
    {
        _inner = inner;
        for (var i = 0; i < BlocksAhead + 2; i++)
        {
            _free.Add(GC.AllocateUninitializedArray<byte>(BlockSize));
        }

        _reader = new Thread(Fill) { IsBackground = true, Name = "profile read-ahead" };
        _reader.Start();
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_offset == _current.Length)
        {
            if (_ended || buffer.IsEmpty)
            {
                return 0;
            }

            Release();
            _current = _blocks.Take();
            _offset = 0;
            if (_current.Error is { } error)
            {
                _ended = true;
                ExceptionDispatchInfo.Throw(error);
            }

            _ended = _current.Length == 0;
        }

        var count = Math.Min(buffer.Length, _current.Length - _offset);
        _current.Data.AsSpan(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            _reader.Join();
            _inner.Dispose();
            _blocks.Dispose();
            _free.Dispose();
            _stop.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Fill()
    {
        try
        {
            int length;
            do
            {
                var data = _free.Take(_stop.Token);
                length = _inner.ReadAtLeast(data, BlockSize, throwOnEndOfStream: false);
                _blocks.Add(new Block(data, length, null), _stop.Token);
            }
            while (length > 0);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception error)
        {
            try
            {
                _blocks.Add(new Block(null, 0, error), _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private void Release()
    {
        if (_current.Data is { } data)
        {
            _free.Add(data);
        }

        _current = default;
        _offset = 0;
    }

    private readonly record struct Block(byte[]? Data, int Length, Exception? Error);
}
