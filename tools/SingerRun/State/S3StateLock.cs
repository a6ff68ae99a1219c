using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Singer.Sdk;

namespace SingerRun.State;

/// <summary>
/// The lock of a state id on S3: the object <c>&lt;prefix&gt;/&lt;state_id&gt;/singer-run.lock</c> (holder, since, heartbeat,
/// a token), created with a conditional <c>PUT If-None-Match: *</c> so exactly one of two runs gets it. A heartbeat
/// rewrites it every quarter of the lease (<c>lease_timeout</c>, default 60 s) with <c>If-Match</c> its last ETag; a lock
/// whose heartbeat is older than the lease is taken over (<c>If-Match</c> the stale ETag, so one taker wins), logged.
/// The server must honour If-None-Match (AWS S3 since August 2024, MinIO): it is probed first, and a server that ignores
/// it (s3rver) is refused unless <c>unsafe_lock=true</c> accepts a best-effort lock (read, write, read back).
/// </summary>
internal sealed class S3StateLock : IAsyncDisposable
{
    private const string LockFileName = "singer-run.lock";
    private readonly S3StateBackend _backend;
    private readonly string _key;
    private readonly string _stateId;
    private readonly LockRecord _record;
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _conditional;
    private string _etag;
    private Task _heartbeat = Task.CompletedTask;

    private S3StateLock(S3StateBackend backend, string stateId, LockRecord record, string etag, bool conditional)
    {
        _backend = backend;
        _stateId = stateId;
        _key = backend.Key(stateId, LockFileName);
        _record = record;
        _etag = etag;
        _conditional = conditional;
    }

    public static async Task<S3StateLock> TakeAsync(S3StateBackend backend, string stateId, CancellationToken cancellationToken)
    {
        var conditional = await HonoursIfNoneMatchAsync(backend, stateId, cancellationToken);
        if (!conditional && !backend.UnsafeLock)
        {
            throw new SingerException($"S3 state backend {backend.Label}: the server ignores conditional writes (PUT If-None-Match: *), so the lock of state id '{stateId}' could not be atomic; use a server that honours them (AWS S3, MinIO) or accept a best-effort lock with unsafe_lock=true in the URI (or SINGER_RUN_S3_UNSAFE_LOCK=true)");
        }
        if (!conditional)
        {
            Log.Warning($"S3 state backend {backend.Label}: the server ignores If-None-Match; the lock of '{stateId}' is best effort (unsafe_lock): two runs starting within the same moment may both run");
        }
        var now = DateTimeOffset.UtcNow;
        var record = new LockRecord(LockHolder.Me, now, now, Guid.NewGuid().ToString("N"));
        var key = backend.Key(stateId, LockFileName);
        var etag = await CreateAsync(backend, key, record, conditional, cancellationToken)
            ?? await TakeOverAsync(backend, stateId, key, record, conditional, cancellationToken);
        if (!conditional)
        {
            // Best effort: a run that wrote at the same moment as us wins if its write landed last.
            var back = await backend.ReadAsync(key, cancellationToken);
            if (back is not { } read || LockRecord.Parse(read.Text, key).Token != record.Token)
            {
                var other = back is { } b ? LockRecord.Parse(b.Text, key) : record;
                throw new SingerException(LockHolder.Locked(stateId, other.Holder, other.Since, DateTimeOffset.UtcNow - other.Heartbeat));
            }
        }
        var held = new S3StateLock(backend, stateId, record, etag, conditional);
        held._heartbeat = held.HeartbeatAsync();
        return held;
    }

    /// <summary>Puts a probe object twice with If-None-Match: *; a server that accepts the second put ignores the condition.</summary>
    private static async Task<bool> HonoursIfNoneMatchAsync(S3StateBackend backend, string stateId, CancellationToken cancellationToken)
    {
        var key = backend.Key(stateId, $"singer-run.probe-{Guid.NewGuid():N}");
        try
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var put = backend.Put(key, "probe");
                put.IfNoneMatch = "*";
                try
                {
                    await backend.CallAsync($"write s3://{backend.Bucket}/{key}", () => backend.Client.PutObjectAsync(put, cancellationToken), cancellationToken);
                }
                catch (AmazonS3Exception ex) when (attempt == 1 && ex.StatusCode == HttpStatusCode.PreconditionFailed)
                {
                    return true;
                }
            }
            return false;
        }
        finally
        {
            try
            {
                await backend.Client.DeleteObjectAsync(backend.Bucket, key, CancellationToken.None);
            }
            catch (Exception ex) when (S3Access.S3RequestLimits.IsFailure(ex, CancellationToken.None))
            {
                // The probe failed before it was written (no bucket, no rights): that error is the one to show.
            }
        }
    }

    /// <summary>Creates the lock object when there is none; its ETag, or null when one exists.</summary>
    private static async Task<string?> CreateAsync(S3StateBackend backend, string key, LockRecord record, bool conditional, CancellationToken cancellationToken)
    {
        if (!conditional && await backend.ReadAsync(key, cancellationToken) is not null)
        {
            return null;
        }
        var put = backend.Put(key, record.ToJson());
        if (conditional)
        {
            put.IfNoneMatch = "*";
        }
        try
        {
            return (await backend.CallAsync($"write s3://{backend.Bucket}/{key}", () => backend.Client.PutObjectAsync(put, cancellationToken), cancellationToken)).ETag;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    /// <summary>The lock exists: fails naming its holder while its lease runs, else takes it over (one taker wins).</summary>
    private static async Task<string> TakeOverAsync(S3StateBackend backend, string stateId, string key, LockRecord record, bool conditional, CancellationToken cancellationToken)
    {
        var existing = await backend.ReadAsync(key, cancellationToken);
        if (existing is not { } found)
        {
            // Released between our put and our read: try once more, as a fresh lock.
            return await CreateAsync(backend, key, record, conditional, cancellationToken)
                ?? throw new SingerException($"state id '{stateId}' is locked by another run that just took it");
        }
        var other = LockRecord.Parse(found.Text, key);
        var age = DateTimeOffset.UtcNow - other.Heartbeat;
        if (age < TimeSpan.FromSeconds(backend.LeaseTimeoutSeconds))
        {
            throw new SingerException(LockHolder.Locked(stateId, other.Holder, other.Since, age));
        }
        Log.Warning(LockHolder.TakingOver(stateId, other.Holder, other.Since, age, backend.LeaseTimeoutSeconds));
        var put = backend.Put(key, record.ToJson());
        if (conditional)
        {
            put.IfMatch = found.ETag;
        }
        try
        {
            return (await backend.CallAsync($"write s3://{backend.Bucket}/{key}", () => backend.Client.PutObjectAsync(put, cancellationToken), cancellationToken)).ETag;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            throw new SingerException($"state id '{stateId}' is locked by another run: it took over the stale lock of {other.Holder} first");
        }
    }

    private async Task HeartbeatAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, _backend.LeaseTimeoutSeconds / 4.0)));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await RenewAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is SingerException or AmazonS3Exception)
                {
                    Log.Warning($"state id '{_stateId}': could not renew the lock's lease: {ex.Message.ReplaceLineEndings(" ")}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Released.
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        if (!_conditional && await _backend.ReadAsync(_key, cancellationToken) is { } read && LockRecord.Parse(read.Text, _key).Token != _record.Token)
        {
            Log.Error($"state id '{_stateId}': the lock was taken over by another run ({LockRecord.Parse(read.Text, _key).Holder})");
            return;
        }
        var put = _backend.Put(_key, (_record with { Heartbeat = DateTimeOffset.UtcNow }).ToJson());
        if (_conditional)
        {
            put.IfMatch = _etag;
        }
        try
        {
            _etag = (await _backend.CallAsync($"write s3://{_backend.Bucket}/{_key}", () => _backend.Client.PutObjectAsync(put, cancellationToken), cancellationToken)).ETag;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            Log.Error($"state id '{_stateId}': the lock was taken over by another run while this one held it");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _heartbeat;
        _stop.Dispose();
        try
        {
            // Only our own lock is removed: one taken over from us belongs to its new holder.
            if (await _backend.ReadAsync(_key, CancellationToken.None) is { } read && LockRecord.Parse(read.Text, _key).Token == _record.Token)
            {
                await _backend.CallAsync($"delete s3://{_backend.Bucket}/{_key}", () => _backend.Client.DeleteObjectAsync(_backend.Bucket, _key, CancellationToken.None), CancellationToken.None);
            }
        }
        catch (SingerException ex)
        {
            Log.Warning($"state id '{_stateId}': could not remove the lock object (it expires after lease_timeout): {ex.Message}");
        }
    }

    /// <summary>The lock object's content.</summary>
    internal sealed record LockRecord(string Holder, DateTimeOffset Since, DateTimeOffset Heartbeat, string Token)
    {
        public string ToJson() => SingerJson.Serialize(new Dictionary<string, object?>
        {
            ["holder"] = Holder,
            ["since"] = LockHolder.Format(Since),
            ["heartbeat"] = Heartbeat.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["token"] = Token,
        });

        public static LockRecord Parse(string text, string key)
        {
            if (S3StateBackend.ParseJson(text, key) is not Dictionary<string, object?> json)
            {
                throw new SingerException($"S3 lock object '{key}' is not a JSON object");
            }
            string Text(string name) => json.GetValueOrDefault(name)?.ToString() ?? throw new SingerException($"S3 lock object '{key}' has no \"{name}\"");
            DateTimeOffset Time(string name) => DateTimeOffset.TryParse(Text(name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time : throw new SingerException($"S3 lock object '{key}': \"{name}\" is not a time");
            return new LockRecord(Text("holder"), Time("since"), Time("heartbeat"), Text("token"));
        }
    }
}
