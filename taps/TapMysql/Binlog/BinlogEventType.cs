namespace TapMysql.Binlog;

/// <summary>
/// Event type codes read here: MySQL's Log_event_type and MariaDB's additions from 160.
/// Every other code is skipped by its length.
/// </summary>
internal enum BinlogEventType : byte
{
    Query = 2,
    Stop = 3,
    Rotate = 4,
    FormatDescription = 15,
    Xid = 16,
    TableMap = 19,
    WriteRowsV1 = 23,
    UpdateRowsV1 = 24,
    DeleteRowsV1 = 25,
    Heartbeat = 27,
    WriteRowsV2 = 30,
    UpdateRowsV2 = 31,
    DeleteRowsV2 = 32,
    PartialUpdateRows = 39,
    TransactionPayload = 40,
    AnnotateRows = 160,
    BinlogCheckpoint = 161,
    MariaGtid = 162,
    MariaGtidList = 163,
    StartEncryption = 164,
    QueryCompressed = 165,
    DeleteRowsCompressed = 171,
}
