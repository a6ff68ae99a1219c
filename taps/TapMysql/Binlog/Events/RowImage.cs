namespace TapMysql.Binlog.Events;

/// <summary>
/// One row image inside a rows event, undecoded: which columns it holds (the columns-present bitmap)
/// and its bytes starting at its NULL bitmap. Valid while the event it came from is referenced.
/// </summary>
internal readonly record struct RowImage(TableMapEvent Table, ReadOnlyMemory<byte> Present, ReadOnlyMemory<byte> Data);
