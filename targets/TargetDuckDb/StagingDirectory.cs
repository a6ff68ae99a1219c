using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Singer.Sdk;

namespace TargetDuckDb;

/// <summary>
/// Where one database's staging files go: a directory only the user can open (0700), each file in it readable only by
/// the user (0600) and named with a random part, so no one else reads the rows or guesses a name to plant a file at.
/// A database file stages beside itself (<c>warehouse.duckdb.staging/</c>, on the disk the user chose for the
/// warehouse), so the staging files a killed run left are found, and deleted, at the next start; an in-memory database
/// stages in a fresh temporary directory, deleted at the end.
/// </summary>
internal sealed partial class StagingDirectory
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    private readonly bool _temporary;
    private int _files;

    private StagingDirectory(string path, bool temporary)
    {
        Path = path;
        _temporary = temporary;
    }

    public string Path { get; }

    /// <summary>
    /// The staging directory of the database at <paramref name="databasePath"/>, created private if missing; a file
    /// database's is emptied of the staging files a killed run left (and of the older <c>warehouse.duckdb.staging-N-rows.jsonl</c>
    /// files beside it), and of nothing else.
    /// </summary>
    public static StagingDirectory Open(string databasePath, bool inMemory)
    {
        if (inMemory)
        {
            // mkdtemp: a new directory with a random name, 0700.
            return new StagingDirectory(Directory.CreateTempSubdirectory("target-duckdb-").FullName, temporary: true);
        }
        var database = System.IO.Path.GetFullPath(databasePath);
        var staging = new StagingDirectory(database + ".staging", temporary: false);
        if (HasGlob(staging.Path) && staging.Path.Contains('\\', StringComparison.Ordinal) && !OperatingSystem.IsWindows())
        {
            // DuckDB's reader splits a path with a wildcard in it at '\' too, so it could not be given a literal one.
            throw new ConfigurationException($"cannot stage batches beside DuckDB database '{databasePath}': its path has both '\\' and one of *?[");
        }
        staging.CreatePrivate();
        staging.DeleteStale(database);
        return staging;
    }

    private void CreatePrivate()
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(Path);
                return;
            }
            Directory.CreateDirectory(Path, PrivateDirectory);
            if (new DirectoryInfo(Path).LinkTarget is not null)
            {
                throw new IOException("it is a symbolic link");
            }
            // An existing directory is made private again; chmod fails with EPERM for a directory someone else owns.
            File.SetUnixFileMode(Path, PrivateDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot use '{Path}' as the private staging directory: {ex.Message}", ex);
        }
    }

    /// <summary>Only names this target gives its staging files are deleted: in the directory, and the older ones beside the database.</summary>
    private void DeleteStale(string database)
    {
        foreach (var stale in Directory.EnumerateFiles(Path).Where(f => StagingFileName().IsMatch(System.IO.Path.GetFileName(f))))
        {
            File.Delete(stale);
        }
        var olderPrefix = System.IO.Path.GetFileName(database) + ".staging-";
        foreach (var older in Directory.EnumerateFiles(System.IO.Path.GetDirectoryName(database)!))
        {
            var name = System.IO.Path.GetFileName(older);
            if (name.StartsWith(olderPrefix, StringComparison.Ordinal) && OlderStagingSuffix().IsMatch(name[olderPrefix.Length..]))
            {
                File.Delete(older);
            }
        }
    }

    [GeneratedRegex(@"\A[0-9a-f]{16}-[0-9]+-(records|rows)\.jsonl\z", RegexOptions.CultureInvariant)]
    private static partial Regex StagingFileName();

    [GeneratedRegex(@"\A[0-9]+-(records|rows)\.jsonl\z", RegexOptions.CultureInvariant)]
    private static partial Regex OlderStagingSuffix();

    /// <summary>Creates a new staging file of one <paramref name="kind"/> (records, rows), readable by the user only.</summary>
    public FileStream Create(string kind, int bufferSize, out string path)
    {
        path = System.IO.Path.Combine(Path, $"{_run}-{Interlocked.Increment(ref _files)}-{kind}.jsonl");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }
        return new FileStream(path, options);
    }

    /// <summary>
    /// <paramref name="path"/> as DuckDB's readers take it literally: they expand *, ? and [ (not only in the file name),
    /// so each is written as a one-character class ([*], [?], [[]) that matches only itself.
    /// </summary>
    public static string GlobLiteral(string path)
    {
        if (!HasGlob(path))
        {
            return path;
        }
        var literal = new System.Text.StringBuilder(path.Length + 8);
        foreach (var c in path)
        {
            if (c is '*' or '?' or '[')
            {
                literal.Append('[').Append(c).Append(']');
            }
            else
            {
                literal.Append(c);
            }
        }
        return literal.ToString();
    }

    private static bool HasGlob(string path) => path.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>Removes the directory of an in-memory database; a file database's stays while it holds anything.</summary>
    public void Delete()
    {
        try
        {
            Directory.Delete(Path, recursive: _temporary);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.Debug($"staging directory '{Path}' kept: {ex.Message}");
        }
    }
}
