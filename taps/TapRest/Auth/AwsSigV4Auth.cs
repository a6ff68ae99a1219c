using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Signing;
using Singer.Sdk;

namespace TapRest.Auth;

/// <summary>
/// auth_method aws: every request signed with AWS Signature Version 4 (as theirs does with requests-aws4auth, for
/// OpenSearch and API Gateway), by AWSSDK.Core's public signer. The settings come from the aws_credentials object as
/// theirs reads them (aws_access_key_id, aws_secret_access_key, aws_session_token, aws_region, aws_service,
/// aws_profile), each falling back to the AWS_* environment variable of the same name. The signature covers the method,
/// path, query, host, date and the body's SHA-256; it is made again for every try, so a retry is never stale.
/// </summary>
internal sealed class AwsSigV4Auth : IRequestAuth
{
    private readonly AWSCredentials _credentials;
    private readonly RegionEndpoint _region;
    private readonly string _service;

    private AwsSigV4Auth(AWSCredentials credentials, RegionEndpoint region, string service)
    {
        _credentials = credentials;
        _region = region;
        _service = service;
    }

    /// <summary>
    /// The signer, or no auth when create_signed_credentials is false (theirs then sends requests unsigned). Missing
    /// credentials, region or service are refused here; theirs would send unsigned requests and meet a 403.
    /// </summary>
    public static IRequestAuth Create(PluginConfig config)
    {
        var settings = new PluginConfig(config.GetObject("aws_credentials") ?? []);
        if (!settings.GetBool("create_signed_credentials", settings.GetBool("use_signed_credentials", true)))
        {
            Log.Warning("auth_method 'aws' with create_signed_credentials false: requests are sent unsigned, as tap-rest-api-msdk sends them");
            return new NoAuth();
        }
        string? Setting(string key) => settings.GetString(key) is { Length: > 0 } value ? value
            : Environment.GetEnvironmentVariable(key.ToUpperInvariant()) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        var region = Setting("aws_region") ?? throw Missing("aws_region");
        var service = Setting("aws_service") ?? throw Missing("aws_service (the service code the API signs for, e.g. es for OpenSearch, execute-api for API Gateway)");
        return new AwsSigV4Auth(Credentials(Setting), RegionEndpoint.GetBySystemName(region), service);
    }

    private static AWSCredentials Credentials(Func<string, string?> setting)
    {
        if (setting("aws_access_key_id") is { } keyId)
        {
            var secret = setting("aws_secret_access_key") ?? throw Missing("aws_secret_access_key");
            SecretRedactor.Register(secret);
            if (setting("aws_session_token") is { } token)
            {
                SecretRedactor.Register(token);
                return new SessionAWSCredentials(keyId, secret, token);
            }
            return new BasicAWSCredentials(keyId, secret);
        }
        if (setting("aws_profile") is { } profile)
        {
            return new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var fromProfile)
                ? fromProfile
                : throw new ConfigurationException($"auth_method 'aws': aws_profile '{profile}' is not in the AWS credentials or config file");
        }
        throw Missing("aws_access_key_id and aws_secret_access_key, or aws_profile");
    }

    private static ConfigurationException Missing(string what) =>
        new($"auth_method 'aws' needs {what} in config key 'aws_credentials' (or the AWS_* environment variable of that name)");

    public async ValueTask ApplyAsync(OutgoingRequest request, CancellationToken cancellationToken)
    {
        var signing = new AWSSigningRequest
        {
            HttpMethod = new HttpMethod(request.Method),
            RequestUri = request.Url,
            Content = request.Body is null ? null : Encoding.UTF8.GetBytes(request.Body),
        };
        var parameters = new AWSSigV4Parameters { Credentials = _credentials, Region = _region, Service = _service, SignPayload = true };
        var signed = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken);
        foreach (var (name, value) in signed.Headers)
        {
            request.Headers[name] = value;
        }
    }
}
