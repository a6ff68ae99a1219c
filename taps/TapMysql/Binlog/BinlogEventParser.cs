using System.Buffers.Binary;
using System.IO.Hashing;
using TapMysql.Binlog.Events;
using TapMysql.Binlog.Protocol;

namespace TapMysql.Binlog;

/// <summary>
/// Turns the raw events of one dump into <see cref="BinlogEvent"/>s: verifies each event's CRC32, keeps the current
/// file and position (the End of every event), and remembers table maps until their statement ends. Apart from the
/// connection, so it is tested on byte arrays.
/// </summary>
internal sealed class BinlogEventParser
{
    /// <summary>FORMAT_DESCRIPTION's checksum algorithm byte: 1 is CRC32; 0 and 255 mean none.</summary>
    private const byte Crc32Algorithm = 1;

    private readonly Dictionary<ulong, TableMapEvent> _tables = [];
    private string _file;
    private long _position;

    /// <param name="start">Where the dump starts.</param>
    /// <param name="checksums">Whether events end with a CRC32 until a FORMAT_DESCRIPTION says otherwise (the server's binlog_checksum).</param>
    public BinlogEventParser(BinlogPosition start, bool checksums)
    {
        _file = start.File;
        _position = start.Position;
        HasChecksums = checksums;
    }

    public bool HasChecksums { get; private set; }

    /// <summary>The coordinates after the last event parsed.</summary>
    public BinlogPosition Position => new(_file, _position);

    /// <summary>The event to hand out, or null for one read only for its effect (FORMAT_DESCRIPTION) or skipped as unknown.</summary>
    public BinlogEvent? Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < EventHeader.Length)
        {
            throw new FormatException($"binlog event after {Position} is {data.Length} bytes, shorter than its header");
        }
        var header = EventHeader.Read(data);
        if (header.EventSize != data.Length)
        {
            throw new FormatException($"binlog event after {Position} (type {(int)header.Type}) says {header.EventSize} bytes but {data.Length} arrived");
        }
        if (header.Type == BinlogEventType.FormatDescription)
        {
            // The algorithm byte sits just before the event's own checksum, after a table of post-header lengths.
            HasChecksums = data.Length >= EventHeader.Length + 5 && data[^5] == Crc32Algorithm;
        }
        if (HasChecksums)
        {
            VerifyChecksum(data, header);
        }
        var body = data[EventHeader.Length..^(HasChecksums ? 4 : 0)];
        try
        {
            var parsed = Decode(header, body);
            if (header.Type != BinlogEventType.Rotate && header.NextPosition != 0 && !IsResentFormatDescription(header))
            {
                _position = header.NextPosition;
            }
            return parsed;
        }
        catch (FormatException ex)
        {
            throw new FormatException($"binlog event at {Describe(header)} (type {(int)header.Type}) is malformed: {ex.Message}", ex);
        }
    }

    private BinlogEvent? Decode(EventHeader header, ReadOnlySpan<byte> body)
    {
        var time = header.Time;
        var end = header.NextPosition != 0 ? new BinlogPosition(_file, header.NextPosition) : Position;
        switch (header.Type)
        {
            case BinlogEventType.Rotate:
                var rotate = RotateEvent.Read(body, time);
                _file = rotate.NextFile;
                _position = rotate.NextPosition;
                return rotate;
            case BinlogEventType.Query: return QueryEvent.Read(body, time, end);
            case BinlogEventType.Xid: return XidEvent.Read(body, time, end);
            case BinlogEventType.MariaGtid: return GtidEvent.Read(body, time, end, header.ServerId);
            case BinlogEventType.AnnotateRows: return AnnotateRowsEvent.Read(body, time, end);
            case BinlogEventType.Heartbeat: return HeartbeatEvent.Read(body, time, header.NextPosition);
            case BinlogEventType.TableMap:
                var map = TableMapEvent.Read(body, time, end);
                _tables[map.TableId] = map;
                return map;
            case BinlogEventType.WriteRowsV1 or BinlogEventType.UpdateRowsV1 or BinlogEventType.DeleteRowsV1
                or BinlogEventType.WriteRowsV2 or BinlogEventType.UpdateRowsV2 or BinlogEventType.DeleteRowsV2:
                var rows = RowsEvent.Read(body, header.Type, time, end, TableFor);
                if (rows.IsStatementEnd)
                {
                    // Every statement maps its tables again, so the maps are done with once it ends.
                    _tables.Clear();
                }
                return rows;
            // Skipping these would lose changes silently, so they stop the read with the setting that produces them.
            case >= BinlogEventType.QueryCompressed and <= BinlogEventType.DeleteRowsCompressed:
                throw new BinlogProtocolException($"binlog event at {Describe(header)} is compressed (log_bin_compress=ON), which is not supported: set log_bin_compress=OFF");
            case BinlogEventType.TransactionPayload:
                throw new BinlogProtocolException($"binlog event at {Describe(header)} is a compressed transaction (binlog_transaction_compression=ON), which is not supported: set it OFF");
            case BinlogEventType.PartialUpdateRows:
                throw new BinlogProtocolException($"binlog event at {Describe(header)} is a partial JSON update (binlog_row_value_options=PARTIAL_JSON), which is not supported: set it to ''");
            default:
                return null;
        }
    }

    /// <summary>
    /// A dump that starts inside a file first resends that file's FORMAT_DESCRIPTION, whose position lies behind
    /// the start; it must not move the position back.
    /// </summary>
    private bool IsResentFormatDescription(EventHeader header) =>
        header.Type == BinlogEventType.FormatDescription && header.NextPosition < _position;

    private TableMapEvent TableFor(ulong tableId) =>
        _tables.TryGetValue(tableId, out var map) ? map : throw new FormatException($"rows event for table id {tableId} has no table map before it");

    private void VerifyChecksum(ReadOnlySpan<byte> data, EventHeader header)
    {
        var logged = BinaryPrimitives.ReadUInt32LittleEndian(data[^4..]);
        var computed = Crc32.HashToUInt32(data[..^4]);
        if (logged != computed)
        {
            throw new BinlogProtocolException(
                $"binlog event at {Describe(header)} (type {(int)header.Type}) fails its CRC32 check: logged 0x{logged:X8}, computed 0x{computed:X8}");
        }
    }

    /// <summary>Where an event starts, when the header says (artificial events have no position).</summary>
    private string Describe(EventHeader header) =>
        header.NextPosition >= header.EventSize && header.NextPosition != 0 ? $"{_file}:{header.NextPosition - header.EventSize}" : $"{Position}";
}
