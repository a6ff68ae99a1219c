using Npgsql;

namespace TargetRedshift.Tests.Support;

/// <summary>A Redshift dialect that is never connected: for tests of the SQL text it builds.</summary>
internal static class SqlOnlyDialect
{
    public static RedshiftDialect Create()
    {
        var options = TestConfig.Options(TestConfig.S3("sql-only"));
        return new RedshiftDialect(null, new NpgsqlConnection(), S3Staging.Create(options), options, new RedshiftCopyExecutor());
    }
}
