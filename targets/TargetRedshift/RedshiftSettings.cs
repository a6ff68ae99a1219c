using Singer.Sdk;
using Warehouse;

namespace TargetRedshift;

/// <summary>target-redshift's config keys (the pipelinewise-target-redshift names, plus S3-compatible endpoints).</summary>
internal static class RedshiftSettings
{
    public const string DefaultCopyOptions = "EMPTYASNULL BLANKSASNULL TRIMBLANKS TRUNCATECOLUMNS TIMEFORMAT 'auto' COMPUPDATE OFF STATUPDATE OFF";

    public static AboutInfo About { get; } = new(
        "target-redshift",
        "Singer target for Amazon Redshift: each batch is staged as CSV files in S3, COPY'd into a staging table, then upserted by key.",
        ["about", "validate-records", "activate-version", "hard-delete", "target-schema", "batch"],
        [
            new("host", "string", "Cluster endpoint host.", Required: true),
            new("port", "integer", "Cluster port.", Default: 5439L),
            new("user", "string", "User name.", Required: true),
            new("password", "string", "Password.", Secret: true),
            new("dbname", "string", "Database.", Required: true),
            .. TargetPostgres.PostgresEndpoint.Settings,
            new("s3_bucket", "string", "Bucket the batches are staged in before COPY.", Required: true),
            new("s3_key_prefix", "string", "Folder in the bucket for the staged files (a '/' is added when missing).", Default: ""),
            new("s3_acl", "string", "Canned ACL of the staged files (e.g. bucket-owner-full-control)."),
            new("s3_region", "string", "Region of the bucket; also passed to COPY as REGION."),
            new("s3_endpoint_url", "string", "Endpoint of an S3-compatible store instead of AWS S3 (path-style addressing)."),
            new("aws_access_key_id", "string", "Access key for S3 and, without aws_redshift_copy_role_arn, for COPY."),
            new("aws_secret_access_key", "string", "Secret key of aws_access_key_id.", Secret: true),
            new("aws_session_token", "string", "Session token of temporary credentials.", Secret: true),
            new("aws_profile", "string", "Profile in the AWS credentials files, when no access key is given (else the default credential chain)."),
            new("aws_redshift_copy_role_arn", "string", "IAM role Redshift assumes to read the staged files (COPY ... IAM_ROLE); otherwise COPY gets the S3 credentials."),
            new("copy_options", "string", "Options appended to COPY ... CSV [GZIP].", Default: DefaultCopyOptions),
            new("slices", "integer", "Files each batch is split into, so COPY loads them in parallel (a multiple of the cluster's slices is best).", Default: 1L),
            new("compression", "string", "Compression of the staged files: gzip or none.", Default: "gzip"),
            .. WarehouseOptions.Settings("public"),
        ]);
}
