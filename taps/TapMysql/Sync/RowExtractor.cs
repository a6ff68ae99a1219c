using MySqlConnector;
using TapMysql.Types;

namespace TapMysql.Sync;

/// <summary>Copies the current row of a reader into a <see cref="RowBatch"/>, one cell per selected column.</summary>
internal sealed class RowExtractor
{
    private readonly IReadOnlyList<SyncColumn> _columns;

    public RowExtractor(IReadOnlyList<SyncColumn> columns)
    {
        _columns = columns;
    }

    public void Append(MySqlDataReader reader, RowBatch batch)
    {
        var cell = batch.Count * batch.Columns;
        for (var i = 0; i < _columns.Count; i++, cell++)
        {
            if (reader.IsDBNull(i))
            {
                batch.Lengths[cell] = RowBatch.Null;
                continue;
            }
            batch.Lengths[cell] = 0;
            switch (_columns[i].Kind)
            {
                case ColumnKind.SignedInteger: batch.Numbers[cell] = reader.GetInt64(i); break;
                case ColumnKind.UnsignedBigInt or ColumnKind.Bit: batch.Numbers[cell] = unchecked((long)reader.GetUInt64(i)); break;
                case ColumnKind.Double: batch.Numbers[cell] = BitConverter.DoubleToInt64Bits(reader.GetDouble(i)); break;
                case ColumnKind.Float: batch.Numbers[cell] = BitConverter.SingleToInt32Bits((float)reader.GetDouble(i)); break;
                case ColumnKind.Boolean: batch.Numbers[cell] = IsTrue(reader.GetValue(i)) ? 1 : 0; break;
                case ColumnKind.Year: batch.Numbers[cell] = Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture); break;
                case ColumnKind.Time: batch.Numbers[cell] = reader.GetTimeSpan(i).Ticks; break;
                default: CopyBytes(reader, i, batch, cell); break;
            }
        }
        batch.Count++;
    }

    /// <summary>The raw bytes of a binary or binary-cast column (see <see cref="SyncColumn"/>), appended to the arena.</summary>
    private static void CopyBytes(MySqlDataReader reader, int i, RowBatch batch, int cell)
    {
        var free = batch.Arena.Length - batch.ArenaUsed;
        var length = (int)reader.GetBytes(i, 0, batch.Arena, batch.ArenaUsed, free);
        if (length == free)
        {
            // Possibly cut short: grow the arena to fit the whole value and copy again.
            length = (int)reader.GetBytes(i, 0, null, 0, 0);
            if (length >= free)
            {
                var arena = batch.Arena;
                Array.Resize(ref arena, Math.Max(arena.Length * 2, batch.ArenaUsed + length + 1));
                batch.Arena = arena;
                reader.GetBytes(i, 0, batch.Arena, batch.ArenaUsed, length);
            }
        }
        batch.Offsets[cell] = batch.ArenaUsed;
        batch.Lengths[cell] = length;
        batch.ArenaUsed += length;
    }

    private static bool IsTrue(object value) => value switch
    {
        bool b => b,
        ulong u => u != 0,
        _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0,
    };
}
