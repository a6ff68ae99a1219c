using System.Buffers.Binary;

namespace TargetPostgres;

/// <summary>
/// Binary COPY data passed on with some fields of every row left out: a batch's rows, encoded for its stage (with the
/// text twins and the sequence), COPY'd straight into its table, which has neither. The data is read as it comes, in
/// pieces of any size: the signature and header, then per row a field count and each field's length and bytes, then
/// the -1 trailer (see <see cref="PgCopyRowWriter"/>, which writes no header extension).
/// </summary>
internal sealed class CopyFieldFilter
{
    private const int HeaderBytes = 19; // 11 signature bytes, the flags, the extension's length (0)
    private const int FlushBytes = 64 * 1024;

    private readonly Stream _destination;
    private readonly bool[] _keep;
    private readonly short _keptCount;
    private readonly byte[] _out = new byte[FlushBytes + 16];
    private readonly byte[] _prefix = new byte[4];
    private int _outUsed;
    private int _prefixUsed;
    private int _headerLeft = HeaderBytes;
    private Part _part = Part.Count;
    private int _field;
    private int _dataLeft;
    private bool _ended;

    private enum Part
    {
        Count,
        Length,
        Data,
    }

    /// <param name="keep">Per field of a row, in order: whether it is passed on.</param>
    public CopyFieldFilter(Stream destination, bool[] keep)
    {
        _destination = destination;
        _keep = keep;
        _keptCount = (short)keep.Count(k => k);
    }

    /// <summary>Takes the next piece of the data, passing on what it keeps as the output buffer fills.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var used = Take(buffer.Span);
            buffer = buffer[used..];
            if (_outUsed >= FlushBytes)
            {
                await FlushAsync(cancellationToken);
            }
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _destination.WriteAsync(_out.AsMemory(0, _outUsed), cancellationToken);
        _outUsed = 0;
    }

    /// <summary>Sends the rest; the data must have ended with its trailer.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (!_ended)
        {
            throw new InvalidDataException("binary COPY data ended inside a row");
        }
        await FlushAsync(cancellationToken);
    }

    /// <summary>Reads what it can of <paramref name="input"/> (stopping once the output buffer is full): the bytes used.</summary>
    private int Take(ReadOnlySpan<byte> input)
    {
        var start = input.Length;
        while (!input.IsEmpty && _outUsed < FlushBytes)
        {
            if (_ended)
            {
                throw new InvalidDataException("binary COPY data goes on after its trailer");
            }
            if (_headerLeft > 0)
            {
                var n = Math.Min(_headerLeft, input.Length);
                Put(input[..n]);
                _headerLeft -= n;
                input = input[n..];
                continue;
            }
            switch (_part)
            {
                case Part.Count:
                    if (!Gather(ref input, 2))
                    {
                        break;
                    }
                    var count = BinaryPrimitives.ReadInt16BigEndian(_prefix);
                    if (count == -1)
                    {
                        Put(_prefix.AsSpan(0, 2));
                        _ended = true;
                        break;
                    }
                    if (count != _keep.Length)
                    {
                        throw new InvalidDataException($"a row of {count} fields where {_keep.Length} were expected");
                    }
                    BinaryPrimitives.WriteInt16BigEndian(_prefix, _keptCount);
                    Put(_prefix.AsSpan(0, 2));
                    _field = 0;
                    _part = _keep.Length == 0 ? Part.Count : Part.Length;
                    break;
                case Part.Length:
                    if (!Gather(ref input, 4))
                    {
                        break;
                    }
                    _dataLeft = Math.Max(0, BinaryPrimitives.ReadInt32BigEndian(_prefix)); // -1: NULL, no bytes
                    if (_keep[_field])
                    {
                        Put(_prefix.AsSpan(0, 4));
                    }
                    _part = Part.Data;
                    goto case Part.Data;
                case Part.Data:
                    var take = Math.Min(_dataLeft, input.Length);
                    if (_keep[_field])
                    {
                        take = Math.Min(take, Math.Max(0, FlushBytes - _outUsed));
                        Put(input[..take]);
                    }
                    _dataLeft -= take;
                    input = input[take..];
                    if (_dataLeft == 0)
                    {
                        _field++;
                        _part = _field == _keep.Length ? Part.Count : Part.Length;
                    }
                    break;
            }
        }
        return start - input.Length;
    }

    /// <summary>Gathers a length prefix of <paramref name="bytes"/> bytes into <see cref="_prefix"/>: true once whole.</summary>
    private bool Gather(ref ReadOnlySpan<byte> input, int bytes)
    {
        var n = Math.Min(bytes - _prefixUsed, input.Length);
        input[..n].CopyTo(_prefix.AsSpan(_prefixUsed));
        _prefixUsed += n;
        input = input[n..];
        if (_prefixUsed < bytes)
        {
            return false;
        }
        _prefixUsed = 0;
        return true;
    }

    private void Put(ReadOnlySpan<byte> bytes)
    {
        if (_outUsed + bytes.Length > _out.Length)
        {
            throw new InvalidOperationException("the output buffer is flushed before it can overflow");
        }
        bytes.CopyTo(_out.AsSpan(_outUsed));
        _outUsed += bytes.Length;
    }
}
