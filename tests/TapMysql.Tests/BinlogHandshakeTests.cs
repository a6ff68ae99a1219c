using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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

    private static byte[] Greeting(string plugin, bool tls = false)
    {
        var payload = new List<byte> { 10 };
        payload.AddRange(Encoding.ASCII.GetBytes("8.0.99-scripted\0"));
        payload.AddRange([1, 0, 0, 0]);
        payload.AddRange(Encoding.ASCII.GetBytes("12345678"));
        payload.Add(0);
        payload.AddRange([0x00, (byte)(tls ? 0x8A : 0x82), 45, 2, 0, 0x08, 0x00, 21]);
        payload.AddRange(new byte[10]);
        payload.AddRange(Encoding.ASCII.GetBytes("9abcdefghijk\0"));
        payload.AddRange(Encoding.ASCII.GetBytes(plugin + "\0"));
        return [.. payload];
    }

    private static async Task<byte[]> ReadPacketAsync(Stream stream)
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

    private static PluginConfig Config(int port, Dictionary<string, object?>? extra = null) => new(new Dictionary<string, object?>(extra ?? [])
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

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    private static string WritePem(X509Certificate2 certificate)
    {
        var path = Path.Combine(Path.GetTempPath(), $"binlog-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    /// <summary>Greets offering TLS, takes the SSLRequest, upgrades, then OKs the handshake response and every command; returns the response.</summary>
    private static async Task<byte[]> ServeTlsAsync(TcpListener listener, X509Certificate2 certificate)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        await stream.WriteAsync(Packet(0, Greeting("mysql_native_password", tls: true)));
        var sslRequest = await ReadPacketAsync(stream);
        sslRequest.Should().HaveCount(32);
        await using var tls = new SslStream(stream);
        byte[] response;
        try
        {
            // With TLS 1.3 the server's side completes before the client has judged the certificate, so a refusal shows at the next read.
            await tls.AuthenticateAsServerAsync(certificate);
            response = await ReadPacketAsync(tls);
        }
        catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException)
        {
            return [];
        }
        byte[] ok = [0, 0, 0, 2, 0, 0, 0];
        await tls.WriteAsync(Packet(3, ok));
        for (var command = 0; command < 4; command++)
        {
            await ReadPacketAsync(tls);
            await tls.WriteAsync(Packet(1, ok));
        }
        return response;
    }

    [Fact]
    public async Task Connect_SslWithTrustedCa_HandshakeInsideTls()
    {
        using var certificate = SelfSigned("scripted-mysql");
        var ca = WritePem(certificate);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = ServeTlsAsync(listener, certificate);

        await using (await BinlogClient.ConnectAsync(Config(port, new() { ["ssl"] = true, ["ssl_ca"] = ca }), 77, CancellationToken.None))
        {
        }

        var response = await server;
        (BitConverter.ToUInt32(response, 0) & 0x800).Should().Be(0x800u, "the handshake response repeats the TLS capability");
        Encoding.ASCII.GetString(response, 32, 7).Should().Be("replica");
        File.Delete(ca);
    }

    [Fact]
    public async Task Connect_SslWithOtherCa_RefusedNamingServer()
    {
        using var certificate = SelfSigned("scripted-mysql");
        using var other = SelfSigned("someone-else");
        var ca = WritePem(other);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = ServeTlsAsync(listener, certificate);

        var act = () => BinlogClient.ConnectAsync(Config(port, new() { ["ssl"] = true, ["ssl_ca"] = ca }), 77, CancellationToken.None);

        (await act.Should().ThrowAsync<ConfigurationException>()).WithMessage($"cannot connect to MySQL at 127.0.0.1:{port} for the binlog: TLS failed: *");
        await server;
        File.Delete(ca);
    }

    [Fact]
    public async Task Connect_SslButServerOffersNone_Refused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            await client.GetStream().WriteAsync(Packet(0, Greeting("mysql_native_password")));
            // Waits until the client hangs up: it sends nothing once it sees no TLS on offer.
            var received = await client.GetStream().ReadAsync(new byte[1]);
            received.Should().Be(0);
        });

        var act = () => BinlogClient.ConnectAsync(Config(port, new() { ["ssl"] = true }), 77, CancellationToken.None);

        (await act.Should().ThrowAsync<ConfigurationException>())
            .WithMessage($"cannot connect to MySQL at 127.0.0.1:{port} for the binlog: config key ssl asks for TLS but the server does not offer it");
        await server;
    }
}
