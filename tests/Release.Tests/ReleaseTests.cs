using System.Diagnostics;
using System.Security.Cryptography;
using DuckDB.NET.Data;
using TapMysql.Tests;

namespace Release.Tests;

/// <summary>
/// scripts/release.sh as a user meets its output: the tarball checked against its checksum, unpacked into an empty
/// folder and run with no .NET anywhere on PATH (and no DOTNET_* variables); the tool packages installed with
/// <c>dotnet tool install</c>. The release is built without ReadyToRun here (the packaging is what is tested; the
/// precompilation only changes start-up time) and with three executables, to keep the suite's time.
/// </summary>
public sealed class ReleaseTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "release-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly MysqlDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Tarball_UnpackedWhereNoDotnetIs_RunsAboutCheckAndATapIntoTargetPipe()
    {
        var out_ = Path.Combine(_folder, "out");
        var built = await RunAsync("/bin/bash", [Path.Combine(Executable.RepoRoot, "scripts", "release.sh"), "--out", out_,
            "--only", "singer-check,tap-mysql,target-duckdb", "--no-ready-to-run", "--no-tools"], inherit: true);
        built.ExitCode.Should().Be(0, built.Stderr);
        var tarball = built.Stdout.Trim();
        tarball.Should().EndWith("-linux-x64.tar.gz");
        var sum = (await File.ReadAllTextAsync(tarball + ".sha256")).Split(' ')[0];
        sum.Should().Be(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(tarball))));

        var install = Path.Combine(_folder, "install");
        Directory.CreateDirectory(install);
        (await RunAsync("/bin/tar", ["-xzf", tarball, "-C", install], inherit: true)).ExitCode.Should().Be(0);
        var bin = Directory.GetDirectories(install).Should().ContainSingle().Subject + "/bin";
        Directory.GetFiles(bin).Select(Path.GetFileName).Should().BeEquivalentTo("singer-check", "tap-mysql", "target-duckdb");

        foreach (var exe in new[] { "singer-check", "tap-mysql", "target-duckdb" })
        {
            var version = await RunAsync(Path.Combine(bin, exe), ["--version"]);
            version.ExitCode.Should().Be(0, version.Stderr);
            version.Stdout.Trim().Should().MatchRegex(@"^\d+\.\d+\.\d+");
        }
        var about = await RunAsync(Path.Combine(bin, "tap-mysql"), ["--about", "--format", "json"]);
        about.ExitCode.Should().Be(0, about.Stderr);
        JsonNode.Parse(about.Stdout)!["name"]!.GetValue<string>().Should().Be("tap-mysql");

        var fixture = Path.Combine(Executable.RepoRoot, "tests", "Fixtures", "bad", "accepted", "escaped-unicode.singer");
        var check = await RunAsync(Path.Combine(bin, "singer-check"), [fixture]);
        check.ExitCode.Should().Be(0, check.Stderr);
        check.Stdout.Should().StartWith("OK: 6 lines");

        await _db.ExecuteAsync("CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(20)); INSERT INTO orders VALUES (1, 'first'), (2, 'second'), (3, 'third');");
        var config = _db.WriteConfig();
        var catalog = await SelectedCatalogAsync(Path.Combine(bin, "tap-mysql"), config);
        var duckdb = Path.Combine(_folder, "pipe.duckdb");
        var targetConfig = _db.WriteFile("duckdb.json", new JsonObject { ["path"] = duckdb }.ToJsonString());
        var pipe = await RunAsync("/bin/bash", ["-c",
            $"set -o pipefail; {Executable.ShellQuote(bin + "/tap-mysql")} --config {Executable.ShellQuote(config)} --catalog {Executable.ShellQuote(catalog)} | " +
            $"{Executable.ShellQuote(bin + "/target-duckdb")} --config {Executable.ShellQuote(targetConfig)}"]);
        pipe.ExitCode.Should().Be(0, pipe.Stderr);
        pipe.Stdout.Should().Contain("bookmarks");
        (await NotesAsync(duckdb)).Should().Equal("first", "second", "third");
    }

    [Fact]
    public async Task ToolPackage_InstalledWithDotnetTool_Runs()
    {
        var out_ = Path.Combine(_folder, "tools-out");
        var built = await RunAsync("/bin/bash", [Path.Combine(Executable.RepoRoot, "scripts", "release.sh"), "--out", out_,
            "--only", "singer-check", "--no-ready-to-run"], inherit: true);
        built.ExitCode.Should().Be(0, built.Stderr);
        var tools = Path.Combine(_folder, "tools");

        var installed = await RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", Path.Combine(out_, "nuget"), "singer-check"], inherit: true);

        installed.ExitCode.Should().Be(0, installed.Stdout + installed.Stderr);
        var version = await RunAsync(Path.Combine(tools, "singer-check"), ["--version"], inherit: true);
        version.ExitCode.Should().Be(0, version.Stderr);
        version.Stdout.Trim().Should().MatchRegex(@"^\d+\.\d+\.\d+");
    }

    /// <summary>The catalog with every stream selected FULL_TABLE, discovered by the released tap-mysql.</summary>
    private async Task<string> SelectedCatalogAsync(string tap, string config)
    {
        var discovered = await RunAsync(tap, ["--config", config, "--discover"]);
        discovered.ExitCode.Should().Be(0, discovered.Stderr);
        var catalog = JsonNode.Parse(discovered.Stdout)!;
        foreach (var entry in catalog["streams"]!.AsArray().SelectMany(s => s!["metadata"]!.AsArray()).Where(e => e!["breadcrumb"]!.AsArray().Count == 0))
        {
            entry!["metadata"]!["selected"] = true;
            entry["metadata"]!["replication-method"] = "FULL_TABLE";
        }
        return _db.WriteFile("catalog.json", catalog.ToJsonString());
    }

    private static async Task<List<string>> NotesAsync(string path)
    {
        await using var connection = new DuckDBConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT note FROM orders ORDER BY id";
        var notes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            notes.Add(reader.GetString(0));
        }
        return notes;
    }

    /// <summary>
    /// Runs a program; unless <paramref name="inherit"/>, in an environment with nothing from this one: PATH is an empty
    /// folder (no dotnet to find), HOME a fresh folder, no DOTNET_* variables.
    /// </summary>
    private async Task<ProcessResult> RunAsync(string program, IEnumerable<string> args, bool inherit = false)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        if (!inherit)
        {
            var empty = Directory.CreateDirectory(Path.Combine(_folder, "empty-path")).FullName;
            start.Environment.Clear();
            start.Environment["PATH"] = empty;
            start.Environment["HOME"] = Directory.CreateDirectory(Path.Combine(_folder, "home")).FullName;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
