using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Singer.Sdk;
using TapMysql.Binlog;

namespace TapMysql.Tests;

/// <summary>
/// The replica handshake against a scripted server on a local socket: the authentication switch to
/// mysql_native_password (MariaDB's accounts never need it, so the real server cannot show it) and other plugins refused.
/// </summary>
public sealed class BinlogHandshakeTests
{
    private static readonly byte[] Scramble = Encoding.ASCII.GetBytes("abcdefghijklmnopqrst");

    private static byte[] Packet(byte sequence, byte[] payload) =>
        [(byte)payload.Length, (byte)(payload.Length >> 8), (byte)(payload.Length >> 16), sequence, .. payload];

    private static byte[] Greeting(string plugin)
    {
        var payload = new List<byte> { 10 };
        payload.AddRange(Encoding.ASCII.GetBytes("8.0.99-scripted\0"));
        payload.AddRange([1, 0, 0, 0]);
        payload.AddRange(Encoding.ASCII.GetBytes("12345678"));
        payload.Add(0);
        payload.AddRange([0x00, 0x82, 45, 2, 0, 0x08, 0x00, 21]);
        payload.AddRange(new byte[10]);
        payload.AddRange(Encoding.ASCII.GetBytes("9abcdefghijk\0"));
        payload.AddRange(Encoding.ASCII.GetBytes(plugin + "\0"));
        return [.. payload];
    }

    private static async Task<byte[]> ReadPacketAsync(NetworkStream stream)
    {
        var header = new byte[4];
        await stream.ReadExactlyAsync(header);
        var payload = new byte[header[0] | header[1] << 8 | header[2] << 16];
        await stream.ReadExactlyAsync(payload);
        return payload;
    }

    /// <summary>Greets, answers the handshake response with a switch to <paramref name="switchTo"/>, then OKs every command; returns the switch answer.</summary>
    private static async Task<byte[]> ServeAsync(TcpListener listener, string switchTo)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        await stream.WriteAsync(Packet(0, Greeting("caching_sha2_password")));
        await ReadPacketAsync(stream);
        await stream.WriteAsync(Packet(2, [0xFE, .. Encoding.ASCII.GetBytes(switchTo + "\0"), .. Scramble, 0]));
        byte[] answer;
        try
        {
            answer = await ReadPacketAsync(stream);
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException)
        {
            return [];
        }
        byte[] ok = [0, 0, 0, 2, 0, 0, 0];
        await stream.WriteAsync(Packet(4, ok));
        for (var command = 0; command < 4; command++)
        {
            await ReadPacketAsync(stream);
            await stream.WriteAsync(Packet(1, ok));
        }
        return answer;
    }

    private static PluginConfig Config(int port) => new(new Dictionary<string, object?>
    {
        ["host"] = "127.0.0.1",
        ["port"] = (long)port,
        ["user"] = "replica",
        ["password"] = "secret",
        ["connect_timeout"] = 5L,
        ["read_timeout"] = 5L,
    });

    [Fact]
    public async Task Connect_SwitchToNativePassword_AnswersNewScramble()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = ServeAsync(listener, "mysql_native_password");

        await using (var client = await BinlogClient.ConnectAsync(Config(port), 77, CancellationToken.None))
        {
            client.ServerVersion.Should().Be("8.0.99-scripted");
        }

#pragma warning disable CA5350 // the protocol's own hash
        var once = SHA1.HashData(Encoding.UTF8.GetBytes("secret"));
        var salted = SHA1.HashData([.. Scramble, .. SHA1.HashData(once)]);
#pragma warning restore CA5350
        (await server).Should().Equal(once.Zip(salted, (a, b) => (byte)(a ^ b)));
    }

    [Fact]
    public async Task Connect_SwitchToOtherPlugin_RefusedNamingIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = ServeAsync(listener, "sha256_password");

        var act = () => BinlogClient.ConnectAsync(Config(port), 77, CancellationToken.None);

        (await act.Should().ThrowAsync<ConfigurationException>()).WithMessage(
            $"cannot connect to MySQL at 127.0.0.1:{port} as 'replica' for the binlog: the account uses authentication plugin 'sha256_password', " +
            "but LOG_BASED replication supports only mysql_native_password (ALTER USER ... IDENTIFIED WITH mysql_native_password)");
        await server;
    }
}
