using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Singer.Sdk;

namespace TapMysql.Binlog.Protocol;

/// <summary>
/// TLS for the replica connection, from the same config keys as the tap's other connections: <c>ssl</c> requires it,
/// <c>ssl_ca</c> verifies the server's certificate against that CA (not its host name, as MySqlConnector's VerifyCA),
/// <c>ssl_cert</c>/<c>ssl_key</c> present a client certificate. Without <c>ssl_ca</c> the server's certificate is not
/// checked (MySqlConnector's Required). The upgrade happens after the greeting, announced by an SSLRequest packet.
/// </summary>
internal sealed class ReplicaTls
{
    private readonly string _host;
    private readonly X509Certificate2? _authority;
    private readonly X509Certificate2? _clientCertificate;

    private ReplicaTls(string host, X509Certificate2? authority, X509Certificate2? clientCertificate)
    {
        _host = host;
        _authority = authority;
        _clientCertificate = clientCertificate;
    }

    /// <summary>The TLS settings when the config asks for TLS, else null.</summary>
    public static ReplicaTls? FromConfig(PluginConfig config, string host)
    {
        if (!config.GetBool("ssl", false))
        {
            return null;
        }
        try
        {
            var authority = config.GetString("ssl_ca") is { Length: > 0 } ca ? X509CertificateLoader.LoadCertificateFromFile(ca) : null;
            var client = config.GetString("ssl_cert") is { Length: > 0 } cert
                ? X509Certificate2.CreateFromPemFile(cert, config.GetString("ssl_key") is { Length: > 0 } key ? key : null)
                : null;
            return new ReplicaTls(host, authority, client);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read the TLS files of config keys ssl_ca/ssl_cert/ssl_key: {ex.Message}", ex);
        }
    }

    public async Task<Stream> UpgradeAsync(Stream inner, string endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = _host,
                ClientCertificates = _clientCertificate is null ? null : [_clientCertificate],
                RemoteCertificateValidationCallback = Validate,
            }, deadline.Token);
            return ssl;
        }
        catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await ssl.DisposeAsync();
            var why = ex is OperationCanceledException ? $"no answer within connect_timeout {timeout.TotalSeconds:0} s" : ex.Message;
            throw new ConfigurationException($"cannot connect to MySQL at {endpoint} for the binlog: TLS failed: {why}", ex);
        }
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_authority is null)
        {
            return true;
        }
        if (certificate is null)
        {
            return false;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_authority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(presented);
    }
}
