namespace TapMysql.Binlog.Values;

/// <summary>MySQL's binary JSON (type 245), written as the JSON text the server gives for the document.</summary>
internal static class MysqlJson
{
    public static int Write(ReadOnlySpan<byte> document, Sync.RowBatch batch) =>
        throw new NotSupportedException($"MySQL binary JSON ({document.Length} bytes) is not decoded yet; batch at {batch.Count}");
}
