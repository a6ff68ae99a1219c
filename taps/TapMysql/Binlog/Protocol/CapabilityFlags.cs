namespace TapMysql.Binlog.Protocol;

/// <summary>The client capability flags this client uses (https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html).</summary>
internal static class CapabilityFlags
{
    public const uint LongPassword = 1;
    public const uint LongFlag = 4;
    public const uint Protocol41 = 0x200;
    public const uint Ssl = 0x800;
    public const uint Transactions = 0x2000;
    public const uint SecureConnection = 0x8000;
    public const uint PluginAuth = 0x80000;

    /// <summary>What the replica asks for: the 4.1 protocol and plugin authentication, nothing that changes result shapes.</summary>
    public const uint Replica = LongPassword | LongFlag | Protocol41 | Transactions | SecureConnection | PluginAuth;
}
