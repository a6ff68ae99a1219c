using TapMysql.Tests;
using TargetPostgres.Tests;
using Xunit;

namespace SingerNet.Tests;

/// <summary>
/// The pipeline most tests of a tool in the pipe need: a scratch MariaDB database for tap-mysql and a scratch
/// PostgreSQL schema for target-postgres, each made for one test and dropped after it.
/// </summary>
public abstract class MysqlAndPostgres : IAsyncLifetime
{
    protected MysqlDatabase Mysql { get; } = new();

    protected PostgresDatabase Postgres { get; } = new();

    public async Task InitializeAsync()
    {
        await Mysql.InitializeAsync();
        await Postgres.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Postgres.DisposeAsync();
        await Mysql.DisposeAsync();
    }
}
