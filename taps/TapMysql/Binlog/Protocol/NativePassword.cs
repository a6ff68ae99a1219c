using System.Security.Cryptography;
using System.Text;

namespace TapMysql.Binlog.Protocol;

/// <summary>
/// mysql_native_password: SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))), nothing for an empty password.
/// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods_native_password_authentication.html
/// </summary>
internal static class NativePassword
{
    public const string Name = "mysql_native_password";

    public static byte[] Answer(string password, ReadOnlySpan<byte> scramble)
    {
        if (password.Length == 0)
        {
            return [];
        }
#pragma warning disable CA5350 // SHA1 is what the protocol prescribes, not a choice made here.
        var once = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        var twice = SHA1.HashData(once);
        var salted = SHA1.HashData([.. scramble[..Math.Min(20, scramble.Length)], .. twice]);
#pragma warning restore CA5350
        for (var i = 0; i < once.Length; i++)
        {
            once[i] ^= salted[i];
        }
        return once;
    }
}
