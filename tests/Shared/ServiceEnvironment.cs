namespace SingerNet.Tests;

/// <summary>
/// Where the servers of scripts/services.sh are. A missing variable fails the test with the fix, never
/// skips it: CI must run every test against the real servers.
/// </summary>
public static class ServiceEnvironment
{
    public static string Get(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set: run the tests with scripts/test.sh, or first eval \"$(scripts/services.sh start)\"");

    public static string MysqlHost => Get("SINGERNET_MYSQL_HOST");

    public static int MysqlPort => int.Parse(Get("SINGERNET_MYSQL_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    public static string MysqlUser => Get("SINGERNET_MYSQL_USER");

    public static string MysqlPassword => Get("SINGERNET_MYSQL_PASSWORD");

    public static string PgHost => Get("SINGERNET_PG_HOST");

    public static int PgPort => int.Parse(Get("SINGERNET_PG_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    public static string PgUser => Get("SINGERNET_PG_USER");

    public static string PgPassword => Get("SINGERNET_PG_PASSWORD");

    public static string PgDatabase => Get("SINGERNET_PG_DATABASE");

    public static string S3Endpoint => Get("SINGERNET_S3_ENDPOINT");

    public static string S3AccessKey => Get("SINGERNET_S3_ACCESS_KEY");

    public static string S3SecretKey => Get("SINGERNET_S3_SECRET_KEY");
}
