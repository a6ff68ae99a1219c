using TapMysql.Binlog.Protocol;

namespace TapMysql.Binlog.Events;

/// <summary>
/// A statement logged as text: BEGIN, COMMIT (non-transactional tables), and DDL such as ALTER TABLE.
/// https://dev.mysql.com/doc/dev/mysql-server/latest/classbinary__log_1_1Query__event.html
/// </summary>
internal sealed record QueryEvent(DateTimeOffset Timestamp, BinlogPosition End, string Database, string Sql) : BinlogEvent(Timestamp, End)
{
    public bool IsBegin => Sql.Equals("BEGIN", StringComparison.OrdinalIgnoreCase);

    public bool IsCommit => Sql.Equals("COMMIT", StringComparison.OrdinalIgnoreCase);

    public bool IsRollback => Sql.StartsWith("ROLLBACK", StringComparison.OrdinalIgnoreCase);

    public static QueryEvent Read(ReadOnlySpan<byte> body, DateTimeOffset timestamp, BinlogPosition end)
    {
        var reader = new PacketReader(body);
        reader.Skip(8); // thread id, execution time
        var databaseLength = reader.ReadByte();
        reader.Skip(2); // error code
        var statusLength = reader.ReadUInt16();
        reader.Skip(statusLength);
        var database = reader.ReadString(databaseLength);
        reader.Skip(1);
        return new QueryEvent(timestamp, end, database, reader.ReadString(reader.Remaining));
    }
}
