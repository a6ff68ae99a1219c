using System.Text.RegularExpressions;
using Singer.Sdk;
using SingerRun.State;

namespace SingerRun;

/// <summary>
/// Reads and changes stored states as <c>meltano state</c> does: <c>list [GLOB]</c>, <c>get ID</c> (the state the next
/// run starts from), <c>set ID JSON</c> (JSON with a top-level <c>singer_state</c>), <c>clear ID</c>, <c>copy FROM TO</c>.
/// Changes take the state id's lock, so they never race a running pipeline.
/// </summary>
internal static class StateCommand
{
    public static async Task<int> RunAsync(StateOptions options, CancellationToken cancellationToken)
    {
        var backend = IStateBackend.FromUri(options.StateBackend);
        switch (options.Action)
        {
            case "list":
                var pattern = options.StateId is { } glob ? NamePattern.ToRegex(glob) : null;
                foreach (var listed in await backend.ListAsync(cancellationToken))
                {
                    if (pattern?.IsMatch(listed) ?? true)
                    {
                        await Console.Out.WriteLineAsync(listed);
                    }
                }
                return ExitCodes.Ok;
            case "get":
                var stored = await backend.GetAsync(Required(options.StateId, "get"), cancellationToken);
                await Console.Out.WriteLineAsync(SingerJson.Serialize(stored?.Merged ?? []));
                return ExitCodes.Ok;
            case "set":
                var id = Required(options.StateId, "set");
                var state = await ReadSetValueAsync(options, cancellationToken);
                await using (await backend.LockAsync(id, cancellationToken))
                {
                    await backend.SetAsync(id, state, cancellationToken);
                }
                Log.Info($"state '{id}' set in {backend.Label}");
                return ExitCodes.Ok;
            case "clear":
                var cleared = Required(options.StateId, "clear");
                await using (await backend.LockAsync(cleared, cancellationToken))
                {
                    Log.Info(await backend.ClearAsync(cleared, cancellationToken) ? $"state '{cleared}' cleared" : $"state '{cleared}' was not stored");
                }
                return ExitCodes.Ok;
            case "copy":
                return await CopyAsync(options, backend, cancellationToken);
            default:
                throw new ConfigurationException($"state: unknown action '{options.Action}' (list, get, set, clear, copy)");
        }
    }

    /// <summary>
    /// <c>copy FROM TO</c> within the backend; <c>copy [ID] --to-state-backend URI</c> to another backend under the same
    /// id (every stored state when no id is given). Each destination state id's lock is taken while it is written.
    /// </summary>
    private static async Task<int> CopyAsync(StateOptions options, IStateBackend backend, CancellationToken cancellationToken)
    {
        if (options.ToStateBackend is not { } toUri)
        {
            var from = Required(options.StateId, "copy");
            var to = IStateBackend.CheckStateId(options.Value ?? throw new ConfigurationException("state copy needs FROM and TO state ids, or --to-state-backend URI"));
            await CopyOneAsync(backend, from, backend, to, cancellationToken);
            Log.Info($"state '{from}' copied to '{to}'");
            return ExitCodes.Ok;
        }
        if (options.Value is not null)
        {
            throw new ConfigurationException("state copy --to-state-backend keeps the state id: give at most one STATE_ID");
        }
        var destination = IStateBackend.FromUri(toUri);
        IReadOnlyList<string> ids = options.StateId is { } one ? [IStateBackend.CheckStateId(one)] : await backend.ListAsync(cancellationToken);
        foreach (var id in ids)
        {
            await CopyOneAsync(backend, id, destination, id, cancellationToken);
        }
        Log.Info($"{ids.Count} state(s) copied from {backend.Label} to {destination.Label}");
        return ExitCodes.Ok;
    }

    private static async Task CopyOneAsync(IStateBackend source, string from, IStateBackend destination, string to, CancellationToken cancellationToken)
    {
        var state = await source.GetAsync(from, cancellationToken) ?? throw new SingerException($"state '{from}' is not stored in {source.Label}");
        await using (await destination.LockAsync(to, cancellationToken))
        {
            await destination.SetAsync(to, state, cancellationToken);
        }
    }

    private static string Required(string? stateId, string action) =>
        IStateBackend.CheckStateId(stateId ?? throw new ConfigurationException($"state {action} needs a STATE_ID"));

    private static async Task<StoredState> ReadSetValueAsync(StateOptions options, CancellationToken cancellationToken)
    {
        var value = options.InputFile is { } file
            ? await SingerJson.ReadFileAsync(file, "state", cancellationToken)
            : options.Value is { } text ? ParseJson(text) : throw new ConfigurationException("state set needs the state JSON or --input-file");
        if (value is not Dictionary<string, object?> json || json.GetValueOrDefault(StoredState.SingerStateKey) is not Dictionary<string, object?> singerState)
        {
            throw new ConfigurationException("state set: the JSON must be an object with a top-level \"singer_state\" object, as meltano state set takes");
        }
        return StoredState.FromSingerState(singerState);
    }

    private static object? ParseJson(string text)
    {
        try
        {
            return SingerJson.Parse(text);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or SingerException)
        {
            throw new ConfigurationException($"state set: the value is not JSON: {ex.Message}", ex);
        }
    }

}
