using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Singer.Sdk;

namespace S3Access;

/// <summary>Builds S3 clients from an <see cref="S3Connection"/>.</summary>
public static class S3ClientFactory
{
    public static AmazonS3Client Create(S3Connection connection)
    {
        var config = ClientConfig(connection);
        return new AmazonS3Client(Credentials(connection, config), config);
    }

    /// <summary>
    /// Every request times out after <see cref="S3Connection.RequestTimeoutSeconds"/> and is retried at most
    /// <see cref="S3Connection.MaxRetries"/> times. A non-AWS endpoint (s3rver, MinIO) needs path-style addressing, checksums only where S3 requires them,
    /// and unchunked uploads (UseChunkEncoding = false on each PUT/UploadPart): with the SDK's defaults such
    /// stores keep the chunk signatures inside the object and the file is corrupt.
    /// </summary>
    public static AmazonS3Config ClientConfig(S3Connection connection)
    {
        var timeout = TimeSpan.FromSeconds(connection.RequestTimeoutSeconds);
        var config = new AmazonS3Config
        {
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // Every request is bounded (the SDK's default is to wait forever) and retried a bounded number of times.
            // ReadWriteTimeout exists only in the SDK's .NET Framework build; on .NET, Timeout bounds the whole attempt.
            Timeout = timeout,
            ConnectTimeout = timeout,
            MaxErrorRetry = connection.MaxRetries,
        };
        if (connection.EndpointUrl is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = connection.Region ?? "us-east-1";
        }
        else
        {
            config.RegionEndpoint = connection.Region is { } region
                ? RegionEndpoint.GetBySystemName(region)
                : FallbackRegionFactory.GetRegionEndpoint() ?? RegionEndpoint.USEast1;
        }
        return config;
    }

    /// <summary>The access keys of the config, else the aws_profile, else the SDK's default chain (environment, instance role, ...).</summary>
    public static AWSCredentials Credentials(S3Connection connection, AmazonS3Config config)
    {
        if (connection.AccessKeyId is { } id)
        {
            return connection.SessionToken is { } token
                ? new SessionAWSCredentials(id, connection.SecretAccessKey, token)
                : new BasicAWSCredentials(id, connection.SecretAccessKey);
        }
        if (connection.Profile is { } profile)
        {
            return new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var fromProfile)
                ? fromProfile
                : throw new ConfigurationException($"config key 'aws_profile': profile '{profile}' is not in the AWS credentials or config file");
        }
        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials(config);
        }
        catch (AmazonClientException ex)
        {
            throw new ConfigurationException($"no AWS credentials for S3: set aws_access_key_id and aws_secret_access_key, or aws_profile ({ex.Message})", ex);
        }
    }
}
