using Singer.Sdk;
using SingerNet.Tests;
using TargetRedshift.Tests.Support;

namespace TargetRedshift.Tests;

/// <summary>target-redshift run as a user runs it: the published executable, a config file, stdin, exit code and stderr.</summary>
public sealed class ProcessTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "target-redshift-tests-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task About_Json_DescribesTheSettingsAndMarksSecrets()
    {
        var result = await Executable.RunAsync("target-redshift", ["--about", "--format", "json"]);

        result.ExitCode.Should().Be(0, result.Stderr);
        var about = (Dictionary<string, object?>)SingerJson.Parse(result.Stdout)!;
        about["name"].Should().Be("target-redshift");
        var settings = (Dictionary<string, object?>)about["settings"]!;
        ((List<object?>)settings["required"]!).Should().BeEquivalentTo(["host", "user", "dbname", "s3_bucket"]);
        var properties = (Dictionary<string, object?>)settings["properties"]!;
        foreach (var secret in new[] { "password", "aws_secret_access_key", "aws_session_token" })
        {
            ((Dictionary<string, object?>)properties[secret]!)["secret"].Should().Be(true, secret);
        }
        ((Dictionary<string, object?>)properties["port"]!)["default"].Should().Be(5439L);
        ((Dictionary<string, object?>)properties["copy_options"]!)["default"].Should().Be(RedshiftSettings.DefaultCopyOptions);
        properties.Keys.Should().Contain(["s3_key_prefix", "s3_acl", "s3_region", "s3_endpoint_url", "aws_access_key_id", "aws_profile",
            "aws_redshift_copy_role_arn", "slices", "compression", "default_target_schema", "schema_mapping", "add_metadata_columns",
            "hard_delete", "primary_key_required", "batch_size_rows", "validate_records"]);
    }

    [Theory]
    [InlineData("compression", "zip", "CRITICAL config key 'compression' must be gzip or none, not 'zip'")]
    [InlineData("slices", 0L, "CRITICAL config key 'slices' must be between 1 and 1024, not 0")]
    [InlineData("s3_key_prefix", "it's", "CRITICAL config key 's3_key_prefix' must not contain a quote (') or a backslash (\\)")]
    public async Task Run_BadSetting_ExitsTwoWithOneLine(string key, object value, string expected)
    {
        var config = await WriteConfigAsync(TestConfig.S3("any-bucket", new() { [key] = value }));

        var result = await Executable.RunAsync("target-redshift", ["--config", config], stdin: "");

        result.ExitCode.Should().Be(2, result.Stderr);
        result.Stderr.Trim().Should().Be(expected);
        result.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Run_UnreachableCluster_ExitsTwoNamingTheHostAndNoSecret()
    {
        var password = TestConfig.UnregisteredSecret("password");
        var config = await WriteConfigAsync(TestConfig.S3("any-bucket", new() { ["host"] = "127.0.0.1", ["port"] = 1L, ["password"] = password }));

        var result = await Executable.RunAsync("target-redshift", ["--config", config, "--verbose"], stdin: Schema + "\n");

        result.ExitCode.Should().Be(2, result.Stderr);
        result.Stderr.Split('\n').Should().Contain(l => l.StartsWith("CRITICAL cannot connect to Redshift at 127.0.0.1:1 as 'loader': ", StringComparison.Ordinal));
        result.Stderr.Should().NotContain(password);
    }

    [Fact]
    public async Task Run_ClusterRejectsCopy_StderrShowsTheRedactedCopyNeverTheSecretsAndFilesAreDeleted()
    {
        // PostgreSQL plays the cluster and rejects Redshift's COPY syntax: the real executor runs the real statement,
        // with --verbose so the statement is logged, and the failure is reported.
        await using var database = await PgTestDatabase.CreateAsync();
        await using var bucket = await S3TestBucket.CreateAsync("rs");
        var secret = TestConfig.UnregisteredSecret("secret");
        var token = TestConfig.UnregisteredSecret("token");
        var values = TestConfig.S3(bucket.Name, new() { ["aws_secret_access_key"] = secret, ["aws_session_token"] = token });
        foreach (var (key, value) in database.ConnectionConfig())
        {
            values[key] = value;
        }
        var config = await WriteConfigAsync(values);

        var result = await Executable.RunAsync("target-redshift", ["--config", config, "--verbose"],
            stdin: Schema + "\n" + """{"type":"RECORD","stream":"orders","record":{"id":1}}""" + "\n");

        result.ExitCode.Should().Be(1, result.Stderr);
        var lines = result.Stderr.Split('\n');
        lines.Should().ContainSingle(l => l.StartsWith("DEBUG running COPY \"_sdc stage orders\" (\"id\", \"_sdc_table_version\", \"_sdc seq\") FROM 's3://", StringComparison.Ordinal))
            .Which.Should().Contain($"SECRET_ACCESS_KEY '{SecretRedactor.Mask}' SESSION_TOKEN '{SecretRedactor.Mask}' CSV GZIP ");
        lines.Should().Contain(l => l.StartsWith($"CRITICAL COPY of 1 rows from s3://{bucket.Name}/orders_", StringComparison.Ordinal));
        result.Stderr.Should().NotContain(secret).And.NotContain(token);
        (await bucket.KeysAsync()).Should().BeEmpty("a failed load deletes its staged files too");
    }

    [Fact]
    public async Task Run_ANulCharacterInAValue_OneLineNamingLineStreamAndField_ExitOne()
    {
        await using var database = await PgTestDatabase.CreateAsync();
        await using var bucket = await S3TestBucket.CreateAsync("rs");
        var values = TestConfig.S3(bucket.Name);
        foreach (var (key, value) in database.ConnectionConfig())
        {
            values[key] = value;
        }
        var config = await WriteConfigAsync(values);
        const string notes = """{"type":"SCHEMA","stream":"notes","schema":{"type":"object","properties":{"id":{"type":"integer"},"Body":{"type":"string"}}},"key_properties":["id"]}""";

        var result = await Executable.RunAsync("target-redshift", ["--config", config],
            stdin: notes + "\n" + """{"type":"RECORD","stream":"notes","record":{"id":1,"Body":"fine"}}""" + "\n"
                + """{"type":"RECORD","stream":"notes","record":{"id":2,"Body":"a\u0000b"}}""" + "\n");

        result.ExitCode.Should().Be(1, result.Stderr);
        // PostgreSQL, standing in for the cluster, refuses Redshift's COPY of the good record before it: that is said,
        // and the run still ends on the bad line.
        result.Stderr.Should().Contain("ERROR loading the records before line 3 failed as well: COPY of 1 rows from s3://");
        result.Stderr.Trim().Split('\n').Last().Should().MatchRegex(
            "^CRITICAL line 3: stream 'notes': field 'body': table '[^']+': a value contains a NUL character \\(U\\+0000\\), which Redshift cannot load; remove it at the source or with a stream map");
    }

    private const string Schema = """{"type":"SCHEMA","stream":"orders","schema":{"type":"object","properties":{"id":{"type":"integer"}}},"key_properties":["id"]}""";

    private async Task<string> WriteConfigAsync(Dictionary<string, object?> values)
    {
        var path = Path.Combine(_directory, $"config-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, SingerJson.Serialize(values));
        return path;
    }
}
