namespace TapMysql.Binlog;

/// <summary>
/// The server no longer has the binlog file a read starts in (purged, or never existed), so the changes
/// since the bookmark are gone and only a full resync recovers the stream.
/// </summary>
internal sealed class BinlogPurgedException : Singer.Sdk.SingerException
{
    public BinlogPurgedException(string file, string serverMessage)
        : base($"binlog file '{file}' is no longer on the server ({serverMessage}); a full resync of the stream is needed")
    {
        File = file;
    }

    public string File { get; }
}
