using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using TapMysql.Tests;
using TargetPostgres.Tests;

namespace SingerMap.Tests;

/// <summary>The pipe a user builds: tap-mysql | singer-map | target-postgres, on the real MariaDB and PostgreSQL.</summary>
public sealed class PipelineTests : MysqlAndPostgres
{

    [Fact]
    public async Task TapMysqlThroughSingerMapIntoTargetPostgres_MaskedParsedAndDeduplicated()
    {
        await Mysql.ExecuteAsync("""
            CREATE TABLE visits (id INT PRIMARY KEY, email VARCHAR(100), url TEXT, amount DECIMAL(12,2));
            INSERT INTO visits VALUES
              (1, 'ann@example.com', 'https://shop.example/cart?item=7&utm_source=mail', 10.10),
              (2, 'bob@example.com', 'https://shop.example/?utm_source=ad', 0.20),
              (3, NULL, NULL, 99999999.99);
            """);
        var tapConfig = Mysql.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Mysql, tapConfig);
        var mapConfig = Mysql.WriteFile("map.json", """
            {"mask_salt": "salt", "mask": {"visits": {"email": "hash"}},
             "url_parse": {"visits": {"url": {"prefix": "u_", "params": ["utm_source", "item"]}}},
             "dedupe": {"*": "last"}}
            """);
        var targetConfig = Postgres.WriteConfig();

        var (exitCode, stderr) = await Executable.PipeAsync(
            ("tap-mysql", ["--config", tapConfig, "--catalog", catalog]),
            ("singer-map", ["--config", mapConfig]),
            ("target-postgres", ["--config", targetConfig]));

        exitCode.Should().Be(0, stderr);
        var table = Postgres.Qualified("visits");
        var rows = await Postgres.QueryAsync(
            $"SELECT id::text, email, u_scheme, u_host, u_path, u_query_utm_source::text, u_query_item::text, amount::text FROM {table} ORDER BY id");
        rows.Select(r => string.Join("|", r.Select(v => v?.ToString() ?? "NULL"))).Should().Equal(
            $"1|{Sha256("saltann@example.com")}|https|shop.example|/cart|\"mail\"|\"7\"|10.10",
            $"2|{Sha256("saltbob@example.com")}|https|shop.example|/|\"ad\"|NULL|0.20",
            "3|NULL|NULL|NULL|NULL|NULL|NULL|99999999.99");
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
