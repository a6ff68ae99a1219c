namespace TapMysql.Sync;

/// <summary>
/// Rows handed from the reading thread to the writing thread: each cell is a number slot or a slice of
/// one byte arena, so a batch of a thousand rows is a handful of arrays, reused batch after batch.
/// </summary>
internal sealed class RowBatch
{
    public const int Null = -1;

    public RowBatch(int columns, int rows)
    {
        Columns = columns;
        Capacity = rows;
        Numbers = new long[columns * rows];
        Offsets = new int[columns * rows];
        Lengths = new int[columns * rows];
    }

    public int Columns { get; }

    public int Capacity { get; }

    public int Count { get; set; }

    /// <summary>Integers, booleans, float/double bits, TIME ticks, per cell.</summary>
    public long[] Numbers { get; }

    /// <summary>Where a byte-valued cell starts in <see cref="Arena"/>.</summary>
    public int[] Offsets { get; }

    /// <summary>A byte-valued cell's length, or <see cref="Null"/> for SQL NULL (for every kind of cell).</summary>
    public int[] Lengths { get; }

    public byte[] Arena { get; set; } = new byte[1 << 16];

    public int ArenaUsed { get; set; }

    /// <summary>Set on the batch that ends at a checkpoint: the bookmark of its last row.</summary>
    public object? Checkpoint { get; set; }

    public bool IsCheckpoint { get; set; }

    public bool IsFull => Count == Capacity || ArenaUsed > Arena.Length / 2;

    public void Clear()
    {
        Count = 0;
        ArenaUsed = 0;
        Checkpoint = null;
        IsCheckpoint = false;
    }

    public ReadOnlySpan<byte> Bytes(int cell) => Arena.AsSpan(Offsets[cell], Lengths[cell]);
}
