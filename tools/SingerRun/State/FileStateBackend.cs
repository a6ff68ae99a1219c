using System.Globalization;
using Singer.Sdk;

namespace SingerRun.State;

/// <summary>
/// States as files in Meltano's layout: <c>&lt;dir&gt;/&lt;state_id&gt;/state.json</c>, so <c>meltano state get</c> with
/// <c>state_backend.uri: file:///dir</c> reads ours and we read Meltano's. Written to a temporary file, flushed to disk
/// and renamed over the old one. The lock is an OS file lock (flock) on <c>&lt;state_id&gt;/.singer-run.lock</c>, released
/// by the kernel when the holder dies however it dies, so a crashed run never leaves a stale lock; it holds across
/// processes of one machine (and NFS where flock is supported), not across machines with separate disks.
/// While it runs, the holder also keeps Meltano's own <c>lock</c> file fresh, so a Meltano run of the same state id waits.
/// </summary>
internal sealed class FileStateBackend(string directory) : IStateBackend
{
    private const string StateFileName = "state.json";

    public string Label => "file://" + directory;

    private string StatePath(string stateId) => Path.Combine(directory, IStateBackend.CheckStateId(stateId), StateFileName);

    public async Task<StoredState?> GetAsync(string stateId, CancellationToken cancellationToken)
    {
        var path = StatePath(stateId);
        if (!File.Exists(path))
        {
            return null;
        }
        return StoredState.Parse(await SingerJson.ReadFileAsync(path, "stored state", cancellationToken), $"stored state '{path}'");
    }

    public async Task SetAsync(string stateId, StoredState state, CancellationToken cancellationToken)
    {
        var path = StatePath(stateId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await StateFile.WriteAtomicAsync(path, state.ToJson(), cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> ids = Directory.Exists(directory)
            ? [.. Directory.EnumerateDirectories(directory)
                .Where(dir => File.Exists(Path.Combine(dir, StateFileName)))
                .Select(dir => Path.GetFileName(dir))
                .Order(StringComparer.Ordinal)]
            : [];
        return Task.FromResult(ids);
    }

    public Task<bool> ClearAsync(string stateId, CancellationToken cancellationToken)
    {
        var path = StatePath(stateId);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }
        File.Delete(path);
        return Task.FromResult(true);
    }

    public async Task<IAsyncDisposable> LockAsync(string stateId, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(directory, IStateBackend.CheckStateId(stateId));
        Directory.CreateDirectory(dir);
        var meltanoLock = Path.Combine(dir, MeltanoLock.Name);
        return await MeltanoLock.KeepBesideAsync(FileLock.Take(dir, stateId), meltanoLock,
            (text, token) => File.WriteAllTextAsync(meltanoLock, text, token), () => Task.Run(() => File.Delete(meltanoLock)), cancellationToken);
    }

    /// <summary>The held lock: the flock'd file, its holder written beside it.</summary>
    private sealed class FileLock : IAsyncDisposable
    {
        private readonly FileStream _held;

        private FileLock(FileStream held) => _held = held;

        public static FileLock Take(string dir, string stateId)
        {
            var path = Path.Combine(dir, ".singer-run.lock");
            FileStream held;
            try
            {
                // FileShare.None takes an exclusive flock (LOCK_EX | LOCK_NB): a second taker fails at once.
                held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                throw new SingerException($"state id '{stateId}' is locked by another run: {Holder(dir)}");
            }
            // The holder is written beside the lock: a file under an exclusive flock cannot be opened by .NET to read.
            File.WriteAllText(Path.Combine(dir, HolderFile), string.Create(CultureInfo.InvariantCulture,
                $"pid {Environment.ProcessId} on {Environment.MachineName} since {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}"));
            return new FileLock(held);
        }

        private const string HolderFile = ".singer-run.holder";

        /// <summary>Who holds the lock, as the holder wrote it.</summary>
        private static string Holder(string dir)
        {
            try
            {
                var text = File.ReadAllText(Path.Combine(dir, HolderFile)).Trim();
                return text.Length > 0 ? text : "holder unknown";
            }
            catch (IOException)
            {
                return "holder unknown";
            }
        }

        public ValueTask DisposeAsync() => _held.DisposeAsync();
    }
}
