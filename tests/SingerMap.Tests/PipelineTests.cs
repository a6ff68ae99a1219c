using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using TapMysql.Tests;
using TargetPostgres.Tests;

namespace SingerMap.Tests;

/// <summary>The pipe a user builds: tap-mysql | singer-map | target-postgres, on the real MariaDB and PostgreSQL.</summary>
public sealed class PipelineTests : IAsyncLifetime
{
    private readonly MysqlDatabase _mysql = new();
    private readonly PostgresDatabase _postgres = new();

    public async Task InitializeAsync()
    {
        await _mysql.InitializeAsync();
        await _postgres.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        await _mysql.DisposeAsync();
    }

    [Fact]
    public async Task TapMysqlThroughSingerMapIntoTargetPostgres_MaskedParsedAndDeduplicated()
    {
        await _mysql.ExecuteAsync("""
            CREATE TABLE visits (id INT PRIMARY KEY, email VARCHAR(100), url TEXT, amount DECIMAL(12,2));
            INSERT INTO visits VALUES
              (1, 'ann@example.com', 'https://shop.example/cart?item=7&utm_source=mail', 10.10),
              (2, 'bob@example.com', 'https://shop.example/?utm_source=ad', 0.20),
              (3, NULL, NULL, 99999999.99);
            """);
        var tapConfig = _mysql.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(_mysql, tapConfig);
        var mapConfig = _mysql.WriteFile("map.json", """
            {"mask_salt": "salt", "mask": {"visits": {"email": "hash"}},
             "url_parse": {"visits": {"url": {"prefix": "u_", "params": ["utm_source", "item"]}}},
             "dedupe": {"*": "last"}}
            """);
        var targetConfig = _postgres.WriteConfig();

        var (exitCode, stderr) = await PipeAsync(
            ("tap-mysql", ["--config", tapConfig, "--catalog", catalog]),
            ("singer-map", ["--config", mapConfig]),
            ("target-postgres", ["--config", targetConfig]));

        exitCode.Should().Be(0, stderr);
        var table = _postgres.Qualified("visits");
        var rows = await _postgres.QueryAsync(
            $"SELECT id::text, email, u_scheme, u_host, u_path, u_query_utm_source::text, u_query_item::text, amount::text FROM {table} ORDER BY id");
        rows.Select(r => string.Join("|", r.Select(v => v?.ToString() ?? "NULL"))).Should().Equal(
            $"1|{Sha256("saltann@example.com")}|https|shop.example|/cart|\"mail\"|\"7\"|10.10",
            $"2|{Sha256("saltbob@example.com")}|https|shop.example|/|\"ad\"|NULL|0.20",
            "3|NULL|NULL|NULL|NULL|NULL|NULL|99999999.99");
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Runs the executables as one shell pipeline with pipefail; the exit code and every side's stderr.</summary>
    private static async Task<(int ExitCode, string Stderr)> PipeAsync(params (string Name, string[] Args)[] stages)
    {
        var commands = stages.Select(stage =>
        {
            var start = Executable.StartInfo(stage.Name);
            return string.Join(' ', new[] { start.FileName }.Concat(start.ArgumentList).Concat(stage.Args).Select(Quote));
        });
        var info = new ProcessStartInfo("bash", ["-c", "set -o pipefail; " + string.Join(" | ", commands) + " > /dev/null"])
        {
            RedirectStandardError = true,
        };
        using var shell = Process.Start(info)!;
        var stderr = await shell.StandardError.ReadToEndAsync();
        await shell.WaitForExitAsync();
        return (shell.ExitCode, stderr);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
