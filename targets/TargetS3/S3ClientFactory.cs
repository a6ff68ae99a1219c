using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Singer.Sdk;

namespace TargetS3;

/// <summary>Builds the S3 client from the options.</summary>
internal static class S3ClientFactory
{
    public static AmazonS3Client Create(S3Options options)
    {
        var config = ClientConfig(options);
        return new AmazonS3Client(Credentials(options, config), config);
    }

    /// <summary>
    /// A non-AWS endpoint (s3rver, MinIO) needs path-style addressing, checksums only where S3 requires them,
    /// and unchunked uploads: with the SDK's defaults such stores keep the chunk signatures inside the object.
    /// </summary>
    public static AmazonS3Config ClientConfig(S3Options options)
    {
        var config = new AmazonS3Config
        {
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.EndpointUrl is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else
        {
            config.RegionEndpoint = options.Region is { } region
                ? RegionEndpoint.GetBySystemName(region)
                : FallbackRegionFactory.GetRegionEndpoint() ?? RegionEndpoint.USEast1;
        }
        return config;
    }

    /// <summary>The access keys of the config, else the aws_profile, else the SDK's default chain (environment, instance role, ...).</summary>
    public static AWSCredentials Credentials(S3Options options, AmazonS3Config config)
    {
        if (options.AccessKeyId is { } id)
        {
            return options.SessionToken is { } token
                ? new SessionAWSCredentials(id, options.SecretAccessKey, token)
                : new BasicAWSCredentials(id, options.SecretAccessKey);
        }
        if (options.Profile is { } profile)
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
