using System.Buffers;

namespace Singer.Sdk.Serialization;

/// <summary>
/// Where transcoded records are written: large shared arrays handed out as slices, one per record, so encoding a
/// record allocates nothing of its own. A chunk is dropped when the last record pointing into it is.
/// </summary>
internal sealed class EncodedChunks : IBufferWriter<byte>
{
    private const int ChunkSize = 1 << 20;
    private byte[] _chunk = new byte[ChunkSize];
    private int _start;
    private int _position;

    public void Advance(int count) => _position += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _chunk.AsMemory(_position);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _chunk.AsSpan(_position);
    }

    /// <summary>The bytes written since the last commit or rollback, as one record.</summary>
    public ReadOnlyMemory<byte> Commit()
    {
        var record = new ReadOnlyMemory<byte>(_chunk, _start, _position - _start);
        _start = _position;
        return record;
    }

    /// <summary>Forgets the bytes written since the last commit.</summary>
    public void Rollback() => _position = _start;

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 16);
        if (_chunk.Length - _position >= needed)
        {
            return;
        }
        // The record in progress moves to the new chunk whole: a record is always one slice.
        var partial = _position - _start;
        var next = new byte[Math.Max(ChunkSize, (partial + needed) * 2)];
        _chunk.AsSpan(_start, partial).CopyTo(next);
        _chunk = next;
        _start = 0;
        _position = partial;
    }
}
