namespace TapMysql.Tests;

/// <summary>The every-type table of tests/Fixtures/python-tap-mysql/types.sql, loaded into a test database.</summary>
public static class TypesTable
{
    public static async Task LoadAsync(MysqlDatabase db)
    {
        var sql = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "python-tap-mysql", "types.sql"));
        await db.ExecuteAsync(sql.Replace("bench.", $"`{db.Name}`.", StringComparison.Ordinal));
    }
}
