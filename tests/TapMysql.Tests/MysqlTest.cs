namespace TapMysql.Tests;

/// <summary>Base of the tap-mysql tests: every test gets a database of its own (xUnit makes a new instance per test).</summary>
public abstract class MysqlTest : IAsyncLifetime
{
    protected MysqlDatabase Db { get; } = new();

    public Task InitializeAsync() => Db.InitializeAsync();

    public Task DisposeAsync() => Db.DisposeAsync();
}
