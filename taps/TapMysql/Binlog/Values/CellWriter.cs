using TapMysql.Sync;

namespace TapMysql.Binlog.Values;

/// <summary>Puts byte-valued cells into a <see cref="RowBatch"/>'s arena, growing it as <see cref="RowExtractor"/> does.</summary>
internal static class CellWriter
{
    public static void Write(RowBatch batch, int cell, ReadOnlySpan<byte> value)
    {
        value.CopyTo(Reserve(batch, value.Length));
        Commit(batch, cell, value.Length);
    }

    /// <summary>Room for up to <paramref name="length"/> bytes at the arena's end; <see cref="Commit"/> then claims what was written.</summary>
    public static Span<byte> Reserve(RowBatch batch, int length)
    {
        if (batch.Arena.Length - batch.ArenaUsed < length)
        {
            var arena = batch.Arena;
            Array.Resize(ref arena, Math.Max(arena.Length * 2, batch.ArenaUsed + length + 1));
            batch.Arena = arena;
        }
        return batch.Arena.AsSpan(batch.ArenaUsed, length);
    }

    public static void Commit(RowBatch batch, int cell, int written)
    {
        batch.Offsets[cell] = batch.ArenaUsed;
        batch.Lengths[cell] = written;
        batch.ArenaUsed += written;
    }
}
