using Singer.Sdk;

namespace TargetRedshift;

/// <summary>
/// How COPY authenticates to S3: an IAM role the cluster assumes, or access keys (with a session token for
/// temporary ones). Not a record: its generated ToString would print the secret.
/// </summary>
internal sealed class CopyCredentials
{
    private CopyCredentials(string? roleArn, string? accessKeyId, string? secretAccessKey, string? sessionToken)
    {
        RoleArn = roleArn;
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = sessionToken;
    }

    public string? RoleArn { get; }

    public string? AccessKeyId { get; }

    public string? SecretAccessKey { get; }

    public string? SessionToken { get; }

    public static CopyCredentials Role(string roleArn) => new(roleArn, null, null, null);

    public static CopyCredentials Keys(string accessKeyId, string secretAccessKey, string? sessionToken) =>
        new(null, accessKeyId, secretAccessKey, string.IsNullOrEmpty(sessionToken) ? null : sessionToken);

    /// <summary>The authorization clause of COPY; <paramref name="redacted"/> masks the secret key and the token (for logs).</summary>
    public string Sql(bool redacted)
    {
        if (RoleArn is not null)
        {
            return $"IAM_ROLE '{RoleArn}'";
        }
        var secret = redacted ? SecretRedactor.Mask : SecretAccessKey;
        var sql = $"ACCESS_KEY_ID '{AccessKeyId}' SECRET_ACCESS_KEY '{secret}'";
        return SessionToken is null ? sql : $"{sql} SESSION_TOKEN '{(redacted ? SecretRedactor.Mask : SessionToken)}'";
    }

    public override string ToString() => Sql(redacted: true);
}
