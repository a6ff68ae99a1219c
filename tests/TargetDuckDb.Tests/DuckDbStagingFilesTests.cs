using System.Diagnostics;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace TargetDuckDb.Tests;

/// <summary>
/// Staging files: private to the user, named unguessably, read by DuckDB as exactly the file written (its reader
/// expands *?[ anywhere in a path), and cleaned up after a killed run without touching another database's files.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and /proc: the target's tests run on Linux
public sealed partial class DuckDbStagingFilesTests : IAsyncLifetime
{
    private const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = Owner | UnixFileMode.UserExecute;

    private readonly DuckDbDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private static SingerStream Items(params int[] ids)
    {
        var stream = new SingerStream().Schema("items", """{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""", "id");
        foreach (var id in ids)
        {
            stream.Record("items", $$"""{"id": {{id}}, "v": "own {{id}}"}""");
        }
        return stream;
    }

    [Fact]
    public async Task Load_DatabasePathWithGlobCharacters_LoadsOnlyItsOwnRowsAndLeavesOtherFilesAlone()
    {
        var directory = Path.Combine(_db.Directory, "d*b[ab]");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "w*.duckdb");
        // Files the path read as a pattern would match: beside another database in a directory the pattern matches,
        // and beside another database in the same directory.
        var decoyDirectory = Path.Combine(_db.Directory, "dXba");
        Directory.CreateDirectory(decoyDirectory);
        var decoys = new List<string>();
        foreach (var (dir, name) in new[] { (decoyDirectory, "wZ.duckdb"), (directory, "wQ.duckdb") })
        {
            for (var n = 1; n <= 3; n++)
            {
                decoys.Add(WriteFile(Path.Combine(dir, $"{name}.staging-{n}-records.jsonl"), """{"s":1,"r":{"id":99,"v":"decoy"}}""" + "\n"));
                decoys.Add(WriteFile(Path.Combine(dir, $"{name}.staging-{n}-rows.jsonl"), """{"id":99,"v":"decoy","_sdc_sequence":1}""" + "\n"));
            }
            decoys.Add(WriteFile(Path.Combine(dir, $"{name}.staging", "0123456789abcdef-1-records.jsonl"), """{"s":1,"r":{"id":99,"v":"decoy"}}""" + "\n"));
        }

        var run = await _db.LoadAsync(Items(1, 2).Record("items", """{"id": 3, "v": "own 3", "extra": 1}"""), new JsonObject { ["path"] = path });

        run.ExitCode.Should().Be(0, run.Stderr);
        var rows = await QueryAsync(path, "SELECT CAST(id AS VARCHAR), v FROM items ORDER BY id");
        rows.Should().BeEquivalentTo(new[] { new[] { "1", "own 1" }, new[] { "2", "own 2" }, new[] { "3", "own 3" } }, o => o.WithStrictOrdering());
        foreach (var decoy in decoys)
        {
            File.Exists(decoy).Should().BeTrue(decoy);
            (await File.ReadAllTextAsync(decoy)).Should().Contain("decoy");
        }
    }

    [Theory]
    [InlineData("d?b")]
    [InlineData("warehouse?.duckdb")]
    public async Task Load_DatabasePathWithQuestionMark_ExitsTwoWithOneLineAndCreatesNothing(string name)
    {
        // DuckDB reads "?" in a database path as the start of options: its write-ahead log would go elsewhere.
        var path = name.EndsWith(".duckdb", StringComparison.Ordinal) ? Path.Combine(_db.Directory, name) : Path.Combine(_db.Directory, name, "w.duckdb");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var run = await _db.LoadAsync(Items(1), new JsonObject { ["path"] = path });

        run.ExitCode.Should().Be(2, run.Stderr);
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(l => l.StartsWith("CRITICAL", StringComparison.Ordinal))
            .Which.Should().Be($"CRITICAL cannot open DuckDB database '{path}': DuckDB reads '?' in a path as the start of options; choose a path without '?'");
        Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(path)!, "*duckdb*").Should().BeEmpty();
    }

    [Theory]
    [InlineData("a[ab]", "aa", "ab")]
    [InlineData("a*", "ab", "a")]
    [InlineData("a?", "ab", "a?b")]
    public async Task GlobLiteral_PathWithWildcards_ReadJsonReadsOnlyThatFile(string own, string decoy1, string decoy2)
    {
        var files = new[] { own, decoy1, decoy2 }
            .Select((dir, i) => WriteFile(Path.Combine(_db.Directory, dir, "f[1]*.jsonl"), $$"""{"x":{{i}}}""" + "\n"))
            .ToList();
        WriteFile(Path.Combine(_db.Directory, own, "f1x.jsonl"), """{"x":7}""" + "\n");

        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT x FROM read_json('{StagingDirectory.GlobLiteral(files[0])}')";
        var read = new List<long>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                read.Add(reader.GetInt64(0));
            }
        }

        read.Should().Equal(0);
    }

    [Fact]
    public async Task Load_KilledMidBatch_StagingFilesPrivateAndDeletedAtNextStartWithNoOtherFile()
    {
        var staging = _db.Path + ".staging";
        var olderOwn = WriteFile(_db.Path + ".staging-4-rows.jsonl", "{}\n");
        var otherDatabase = WriteFile(Path.Combine(_db.Directory, "warehouse.duckdbx.staging-4-rows.jsonl"), "{}\n");
        var otherStaging = WriteFile(Path.Combine(_db.Directory, "other.duckdb.staging", "0123456789abcdef-1-rows.jsonl"), "{}\n");
        var notStaging = WriteFile(Path.Combine(staging, "notes.txt"), "mine\n");
        using (var target = _db.Start())
        {
            await target.StandardInput.WriteAsync(Items(1, 2, 3).ToString());
            await target.StandardInput.FlushAsync();
            var file = await WaitForStagingFileAsync(staging);

            file.Should().NotBeNull("the batch is being staged");
            Path.GetFileName(file).Should().MatchRegex(StagingName().ToString());
            File.GetUnixFileMode(file!).Should().Be(Owner);
            File.GetUnixFileMode(staging).Should().Be(OwnerDirectory);
            target.Kill();
            await target.WaitForExitAsync();
            File.Exists(file).Should().BeTrue("a killed run leaves its staging files");
        }

        var run = await _db.LoadAsync(Items(4));

        run.ExitCode.Should().Be(0, run.Stderr);
        Directory.EnumerateFiles(staging).Should().Equal(notStaging);
        File.Exists(olderOwn).Should().BeFalse();
        File.Exists(otherDatabase).Should().BeTrue();
        File.Exists(otherStaging).Should().BeTrue();
        (await _db.RowsAsync("items", "id", "id")).Should().BeEquivalentTo(new[] { new[] { "4" } });
    }

    [Fact]
    public async Task Load_StagingDirectoryOthersCanRead_MadePrivateAndEmptyDirectoryRemovedAtEnd()
    {
        var staging = _db.Path + ".staging";
        Directory.CreateDirectory(staging);
        File.SetUnixFileMode(staging, OwnerDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        using (var target = _db.Start())
        {
            await target.StandardInput.WriteAsync(Items(1).ToString());
            await target.StandardInput.FlushAsync();
            (await WaitForStagingFileAsync(staging)).Should().NotBeNull();
            File.GetUnixFileMode(staging).Should().Be(OwnerDirectory);
            target.StandardInput.Close();
            await target.WaitForExitAsync();
            target.ExitCode.Should().Be(0, await target.StandardError.ReadToEndAsync());
        }

        Directory.Exists(staging).Should().BeFalse();
        (await _db.RowsAsync("items", "id", "id")).Should().BeEquivalentTo(new[] { new[] { "1" } });
    }

    [Fact]
    public async Task Load_InMemoryDatabase_StagesInPrivateTemporaryDirectoryRemovedAtEnd()
    {
        string? file;
        using (var target = _db.Start(new JsonObject { ["path"] = ":memory:" }))
        {
            await target.StandardInput.WriteAsync(Items(1, 2).ToString());
            await target.StandardInput.FlushAsync();
            file = await WaitForOpenStagingFileAsync(target.Id);

            file.Should().NotBeNull("the batch is being staged");
            var directory = Path.GetDirectoryName(file)!;
            Path.GetFileName(directory).Should().StartWith("target-duckdb-");
            Path.GetFileName(directory).Should().NotContain(target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Path.GetFileName(file).Should().MatchRegex(StagingName().ToString());
            File.GetUnixFileMode(directory).Should().Be(OwnerDirectory);
            File.GetUnixFileMode(file!).Should().Be(Owner);
            target.StandardInput.Close();
            await target.WaitForExitAsync();
            target.ExitCode.Should().Be(0, await target.StandardError.ReadToEndAsync());
        }

        Directory.Exists(Path.GetDirectoryName(file)).Should().BeFalse();
    }

    [GeneratedRegex(@"\A[0-9a-f]{16}-[0-9]+-(records|rows)\.jsonl\z")]
    private static partial Regex StagingName();

    private static string WriteFile(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The first staging file to appear in <paramref name="directory"/>, or null after 30 s.</summary>
    private static async Task<string?> WaitForStagingFileAsync(string directory)
    {
        for (var i = 0; i < 300; i++)
        {
            if (Directory.Exists(directory) && Directory.EnumerateFiles(directory, "*.jsonl").FirstOrDefault() is { } file)
            {
                return file;
            }
            await Task.Delay(100);
        }
        return null;
    }

    /// <summary>The staging file a process has open, or null after 30 s.</summary>
    private static async Task<string?> WaitForOpenStagingFileAsync(int pid)
    {
        for (var i = 0; i < 300; i++)
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.EndsWith(".jsonl", StringComparison.Ordinal))
                {
                    return target;
                }
            }
            await Task.Delay(100);
        }
        return null;
    }

    private static async Task<List<string?[]>> QueryAsync(string path, string sql)
    {
        await using var connection = new DuckDBConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?[]>();
        while (await reader.ReadAsync())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i) ? null : reader.GetValue(i).ToString();
            }
            rows.Add(row);
        }
        return rows;
    }
}
