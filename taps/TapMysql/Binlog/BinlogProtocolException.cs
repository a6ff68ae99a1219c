using Singer.Sdk;

namespace TapMysql.Binlog;

/// <summary>A failure talking to the server as a replica (connection, authentication, a server error), as one line naming host:port.</summary>
internal sealed class BinlogProtocolException : SingerException
{
    public BinlogProtocolException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
