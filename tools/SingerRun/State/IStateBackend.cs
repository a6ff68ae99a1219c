using Singer.Sdk;

namespace SingerRun.State;

/// <summary>Where states are kept between runs (files, S3, PostgreSQL), one per state id, and the lock that keeps a state id to one run at a time.</summary>
internal interface IStateBackend
{
    /// <summary>The backend a <c>--state-backend</c> URI names; relative or absent means files under ./.singer/state.</summary>
    static IStateBackend FromUri(string? uri)
    {
        if (uri is null or "")
        {
            return new FileStateBackend(Path.GetFullPath(Path.Combine(".singer", "state")));
        }
        if (uri.StartsWith("file://", StringComparison.Ordinal))
        {
            var path = Uri.UnescapeDataString(uri["file://".Length..]);
            if (path.Length == 0)
            {
                throw new ConfigurationException($"state backend '{uri}' names no directory; write file:///absolute/dir");
            }
            return new FileStateBackend(Path.GetFullPath(path));
        }
        if (uri.StartsWith("s3://", StringComparison.Ordinal))
        {
            return S3StateBackend.From(BackendUri.Parse(uri));
        }
        if (uri.StartsWith("postgresql://", StringComparison.Ordinal) || uri.StartsWith("postgres://", StringComparison.Ordinal))
        {
            return PostgresStateBackend.From(BackendUri.Parse(uri));
        }
        throw new ConfigurationException($"state backend '{BackendUri.Redact(uri)}' is not supported: use file:///dir, s3://bucket/prefix or postgresql://user:password@host:port/db");
    }

    /// <summary>What a message says this backend is, without secrets.</summary>
    string Label { get; }

    Task<StoredState?> GetAsync(string stateId, CancellationToken cancellationToken);

    /// <summary>Replaces the stored state of <paramref name="stateId"/> at once: a crash leaves the old or the new one, never a torn one.</summary>
    Task SetAsync(string stateId, StoredState state, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Removes the stored state; true when there was one.</summary>
    Task<bool> ClearAsync(string stateId, CancellationToken cancellationToken);

    /// <summary>Takes the lock of <paramref name="stateId"/> for a run, or fails at once naming who holds it since when.</summary>
    Task<IAsyncDisposable> LockAsync(string stateId, CancellationToken cancellationToken);

    /// <summary>
    /// A state id is a name, never a path: it must not be empty, '.', '..', hold '/' or a control character, or
    /// be longer than 200 bytes (directory and object names have limits).
    /// </summary>
    static string CheckStateId(string stateId)
    {
        if (stateId.Length == 0 || stateId is "." or ".." || stateId.Contains('/') || stateId.Contains('\\') || stateId.Any(char.IsControl)
            || System.Text.Encoding.UTF8.GetByteCount(stateId) > 200)
        {
            throw new ConfigurationException($"state id '{stateId.ReplaceLineEndings(" ")}' is not allowed: it must be a name (no '/', '\\', control characters, not '.' or '..', at most 200 bytes)");
        }
        return stateId;
    }
}
