using Npgsql;
using Singer.Sdk;
using TargetRedshift.Tests.Support;

namespace TargetRedshift.Tests;

/// <summary>Golden tests of the COPY statement, and proof that its secrets never reach a log line or an error.</summary>
[Collection(GlobalStateCollection.Name)]
public sealed class CopyCommandTests
{
    private const string Stage = "\"_sdc_stage_orders\"";
    private const string Location = "s3://my-bucket/staging/orders_20240102T0304051234567Z_";
    private static readonly string[] Columns = ["\"id\"", "\"name\"", "\"_sdc_table_version\""];

    [Fact]
    public void Sql_IamRoleDefaultOptions_IsPinned()
    {
        var copy = Copy(CopyCredentials.Role("arn:aws:iam::123456789012:role/redshift-copy"));

        copy.Sql.Should().Be(
            $"COPY {Stage} (\"id\", \"name\", \"_sdc_table_version\") FROM '{Location}' " +
            "IAM_ROLE 'arn:aws:iam::123456789012:role/redshift-copy' " +
            "CSV GZIP EMPTYASNULL BLANKSASNULL TRIMBLANKS TRUNCATECOLUMNS TIMEFORMAT 'auto' COMPUPDATE OFF STATUPDATE OFF");
        copy.RedactedSql.Should().Be(copy.Sql, "a role ARN is not a secret");
    }

    [Fact]
    public void Sql_AccessKeysWithSessionToken_IsPinnedAndRedactedForLogs()
    {
        var copy = Copy(CopyCredentials.Keys("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEXAMPLETOKEN=="));

        copy.Sql.Should().Be(
            $"COPY {Stage} (\"id\", \"name\", \"_sdc_table_version\") FROM '{Location}' " +
            "ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' SESSION_TOKEN 'FwoGZXIvYXdzEXAMPLETOKEN==' " +
            "CSV GZIP EMPTYASNULL BLANKSASNULL TRIMBLANKS TRUNCATECOLUMNS TIMEFORMAT 'auto' COMPUPDATE OFF STATUPDATE OFF");
        copy.RedactedSql.Should().Be(
            $"COPY {Stage} (\"id\", \"name\", \"_sdc_table_version\") FROM '{Location}' " +
            "ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY '********' SESSION_TOKEN '********' " +
            "CSV GZIP EMPTYASNULL BLANKSASNULL TRIMBLANKS TRUNCATECOLUMNS TIMEFORMAT 'auto' COMPUPDATE OFF STATUPDATE OFF");
        copy.ToString().Should().Be(copy.RedactedSql);
        copy.Credentials.ToString().Should().NotContain("EXAMPLEKEY").And.NotContain("EXAMPLETOKEN");
    }

    [Fact]
    public void Sql_KeysWithoutTokenRegionNoCompressionCustomOptions_IsPinned()
    {
        var copy = new CopyCommand(Stage, Columns, Batch(), CopyCredentials.Keys("AKIAIOSFODNN7EXAMPLE", "secret-key", null),
            "eu-west-1", gzip: false, "ACCEPTINVCHARS MAXERROR 0");

        copy.Sql.Should().Be(
            $"COPY {Stage} (\"id\", \"name\", \"_sdc_table_version\") FROM '{Location}' " +
            "ACCESS_KEY_ID 'AKIAIOSFODNN7EXAMPLE' SECRET_ACCESS_KEY 'secret-key' REGION 'eu-west-1' CSV ACCEPTINVCHARS MAXERROR 0");
    }

    [Fact]
    public async Task RedshiftCopyExecutor_StatementFails_NeitherLogNorErrorShowsTheSecrets()
    {
        // Run for real against PostgreSQL, which rejects Redshift's COPY: the log line and the error must hold no secret.
        // The secrets are never registered with the redactor, so only the target's own masking can hide them.
        var secret = TestConfig.UnregisteredSecret("secret");
        var token = TestConfig.UnregisteredSecret("token");
        var copy = Copy(CopyCredentials.Keys("AKIAIOSFODNN7EXAMPLE", secret, token));
        await using var database = await PgTestDatabase.CreateAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        using var log = new LogCapture();

        var act = () => new RedshiftCopyExecutor().CopyAsync(connection, copy, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<SingerException>()).Which;
        error.Message.Should().StartWith($"COPY of 3 rows from {Location}* into {Stage} failed: ").And.NotContain(secret).And.NotContain(token);
        log.Lines.Should().ContainSingle(l => l.StartsWith("DEBUG running COPY ", StringComparison.Ordinal))
            .Which.Should().Contain("SECRET_ACCESS_KEY '********' SESSION_TOKEN '********'");
        log.Text.Should().NotContain(secret).And.NotContain(token);
    }

    private static CopyCommand Copy(CopyCredentials credentials) =>
        new(Stage, Columns, Batch(), credentials, null, gzip: true, RedshiftSettings.DefaultCopyOptions);

    private static S3Batch Batch() =>
        new("my-bucket", "staging/orders_20240102T0304051234567Z_", [new StagedFile("staging/orders_20240102T0304051234567Z_1.csv.gz", 3, 120)]);
}
