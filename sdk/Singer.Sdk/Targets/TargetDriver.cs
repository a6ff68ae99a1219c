namespace Singer.Sdk.Targets;

/// <summary>
/// Routes each message of a stream to its sink and keeps the one promise a target makes: a STATE is
/// written only when every record that came before it has been loaded.
/// </summary>
internal sealed class TargetDriver : IDisposable
{
    private readonly Target _target;
    private readonly Maps.StreamMapper? _maps;
    private readonly SingerWriter _output;
    private readonly Dictionary<string, Sink> _sinks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _warnedTypes = new(StringComparer.Ordinal);
    private readonly bool _validate;
    private readonly bool _requireKeys;
    private readonly long _batchRows;
    private readonly long _batchBytes;
    private Sink? _lastSink; // records come in runs of one stream: the last sink is usually the next one
    private Dictionary<string, object?>? _latestState;
    private Task? _inFlight; // commits started by the last full-batch drain, running while the next batch stages

    // The states whose records are all in the running commits, passed on by the commits' continuation the moment they
    // finish (a slow tap may send nothing more for a long time). The gate guards them and the open flag.
    private readonly SemaphoreSlim _statesGate = new(1, 1);
    private readonly List<Dictionary<string, object?>> _statesAfterInFlight = [];
    private bool _inFlightOpen;
    private bool _stateWritten = true;
    private long _records;

    public TargetDriver(Target target, SingerWriter output, Maps.StreamMapper? maps = null)
    {
        _target = target;
        _maps = maps;
        _output = output;
        // Read from the config once, not per record.
        _validate = target.ValidateRecords;
        _requireKeys = target.RequiresKeyProperties;
        _batchRows = target.BatchRows;
        _batchBytes = target.BatchBytes;
    }

    public void Dispose() => _statesGate.Dispose();

    public async Task RunAsync(SingerReader reader, CancellationToken cancellationToken)
    {
        using var timer = Metrics.JobTimer("load");
        long lines = 0;
        try
        {
            // Connect before reading: a wrong password fails now, not at the first SCHEMA (or never).
            await _target.InitializeAsync(cancellationToken);
            await foreach (var line in Serialization.ReadAhead.ReadAsync(reader, cancellationToken))
            {
                lines = line.LineNumber;
                await HandleAsync(line, cancellationToken);
            }
            await DrainAllAsync(cancellationToken);
            await CloseSinksAsync(cancellationToken);
            await _target.CloseAsync(cancellationToken);
        }
        catch (ProtocolException bad)
        {
            // Bad input: what came before it is good, so load it and pass its state on, then stop.
            timer.Fail();
            try
            {
                await DrainAllAsync(cancellationToken);
                await CloseSinksAsync(cancellationToken);
                await _target.CloseAsync(cancellationToken);
            }
            catch (Exception loading) when (loading is not OperationCanceledException)
            {
                // The bad line stays the error the run ends with; no state after the failed load was passed on.
                await SettleInFlightAsync();
                Log.Error($"loading the records before line {bad.LineNumber} failed as well: {loading.Message}");
            }
            throw;
        }
        catch
        {
            timer.Fail();
            await SettleInFlightAsync();
            throw;
        }
        Log.Info($"loaded {_records} records from {lines} lines into {_sinks.Count} stream(s)");
    }

    private Task HandleAsync(SingerLine line, CancellationToken ct) => line.Message switch
    {
        RecordMessage { Mapping: Maps.RecordMapping.Filtered } => Task.CompletedTask,
        // Mapped from its bytes as it was read (see Maps.MappedRecordTranscoder): its stream is the output stream.
        RecordMessage { Mapping: Maps.RecordMapping.Applied } or StateMessage or BatchMessage => HandleAsync(line.Message, line.LineNumber, line.ByteCount, ct),
        _ when _maps is null => HandleAsync(line.Message, line.LineNumber, line.ByteCount, ct),
        _ => HandleMappedAsync(line, ct),
    };

    private Task HandleAsync(SingerMessage message, long lineNumber, int byteCount, CancellationToken ct) => message switch
    {
        RecordMessage record => AddRecordAsync(record, lineNumber, byteCount, ct),
        SchemaMessage schema => ApplySchemaAsync(schema, lineNumber, ct),
        StateMessage state => AcceptStateAsync(state, ct),
        ActivateVersionMessage activate => ActivateVersionAsync(activate, lineNumber, ct),
        BatchMessage batch => LoadBatchFilesAsync(batch, lineNumber, ct),
        _ => WarnUnknown(message, lineNumber),
    };

    /// <summary>The config's stream maps first: a message may become none, one, or one per output stream.</summary>
    private async Task HandleMappedAsync(SingerLine line, CancellationToken ct)
    {
        foreach (var message in Map(line.Message, line.LineNumber))
        {
            await HandleAsync(message, line.LineNumber, line.ByteCount, ct);
        }
    }

    private IReadOnlyList<SingerMessage> Map(SingerMessage message, long lineNumber)
    {
        try
        {
            return _maps!.Map(message);
        }
        catch (Maps.MapRuntimeException ex)
        {
            throw new ProtocolException(lineNumber, ex.Problem, ex.Stream, ex.Property);
        }
        catch (ConfigurationException ex) when (message is SchemaMessage)
        {
            // A map is bound to its stream's schema when the SCHEMA arrives: say which line that was.
            throw new ConfigurationException($"line {lineNumber}: {ex.Message}", ex);
        }
    }

    private async Task AddRecordAsync(RecordMessage record, long lineNumber, int byteCount, CancellationToken ct)
    {
        var sink = SinkFor(record.Stream, lineNumber, "RECORD");
        // An encoded record was checked against the schema as it was transcoded.
        if (_validate && !record.IsTranscoded && SchemaValidator.Validate(sink.Schema.ParsedSchema, record.Record) is { } error)
        {
            throw new ProtocolException(lineNumber, error.Message, record.Stream, error.Path.Length == 0 ? null : error.Path);
        }
        // A transcoded record has its keys: the transcoder was built to decline any record without them (see KeyPropertyCheck).
        if (_requireKeys && !record.IsTranscoded)
        {
            KeyPropertyCheck.Check(sink.Schema, record, lineNumber);
        }
        try
        {
            await sink.AddAsync(record, byteCount, ct);
        }
        catch (ProtocolException ex) when (ex.LineNumber == 0)
        {
            // A value the sink cannot load as it is (target-duckdb's number limits): the error gets its line.
            throw new ProtocolException(lineNumber, ex.What, ex.Stream ?? record.Stream, ex.Field);
        }
        _records++;
        if (sink.PendingCount >= _batchRows || sink.PendingBytes >= _batchBytes)
        {
            await DrainAllAsync(ct, inBackground: true);
        }
    }

    private async Task ApplySchemaAsync(SchemaMessage schema, long lineNumber, CancellationToken ct)
    {
        // Without properties no field has a place: records would load as empty rows (the Meltano SDK refuses it too).
        if (schema.Schema.GetValueOrDefault("properties") is not Dictionary<string, object?> properties)
        {
            throw new ProtocolException(lineNumber, "the SCHEMA has no 'properties' object, so no field of its records has a place", schema.Stream);
        }
        foreach (var key in schema.KeyProperties)
        {
            if (!properties.ContainsKey(key))
            {
                throw new ProtocolException(lineNumber, $"key property '{key}' is not in the schema", schema.Stream);
            }
        }
        try
        {
            _ = schema.ParsedSchema; // a malformed schema fails here, at its own line
        }
        catch (SingerException ex) when (ex is not ProtocolException)
        {
            throw new ProtocolException(lineNumber, ex.Message, schema.Stream);
        }
        if (_sinks.TryGetValue(schema.Stream, out var existing))
        {
            if (SameSchema(existing.Schema, schema))
            {
                return;
            }
            Log.Info($"stream '{schema.Stream}': schema changed at line {lineNumber}; loading pending records with the old one");
            await FinishInFlightAsync(ct);
            await existing.DrainAsync(ct);
            await existing.CloseAsync(ct);
        }
        _sinks[schema.Stream] = await _target.CreateSinkAsync(schema, ct);
        _lastSink = null;
    }

    private async Task AcceptStateAsync(StateMessage state, CancellationToken ct)
    {
        _latestState = state.Value;
        _stateWritten = false;
        if (_sinks.Values.All(s => s.PendingCount == 0))
        {
            await _statesGate.WaitAsync(ct);
            try
            {
                if (_inFlightOpen)
                {
                    // Its records are all in the commits still running: it goes out right after them.
                    _statesAfterInFlight.Add(state.Value);
                    _stateWritten = true;
                    return;
                }
            }
            finally
            {
                _statesGate.Release();
            }
            await FinishInFlightAsync(ct);
            await WriteStateAsync(ct);
        }
    }

    private async Task ActivateVersionAsync(ActivateVersionMessage message, long lineNumber, CancellationToken ct)
    {
        var sink = SinkFor(message.Stream, lineNumber, "ACTIVATE_VERSION");
        await FinishInFlightAsync(ct);
        await sink.DrainAsync(ct);
        await sink.ActivateVersionAsync(message.Version, ct);
    }

    private async Task LoadBatchFilesAsync(BatchMessage batch, long lineNumber, CancellationToken ct)
    {
        if (_maps is null)
        {
            SinkFor(batch.Stream, lineNumber, "BATCH");
        }
        await foreach (var record in BatchFileReader.ReadAsync(batch, BatchStorageRoot.From(_target.Config), lineNumber, ct))
        {
            if (_maps is null)
            {
                await AddRecordAsync(record.Message, lineNumber, record.ByteCount, ct);
                continue;
            }
            foreach (var mapped in Map(record.Message, lineNumber))
            {
                await AddRecordAsync((RecordMessage)mapped, lineNumber, record.ByteCount, ct);
            }
        }
    }

    /// <summary>Once per unknown type; on every line for a near miss of a Singer type (<c>record</c>), which is data being dropped.</summary>
    private Task WarnUnknown(SingerMessage message, long lineNumber)
    {
        var unknown = message as UnknownMessage;
        if (_warnedTypes.Add(message.Type) || unknown?.ProbablyMeant is not null)
        {
            Log.Warning(unknown?.IgnoredWarning(lineNumber) ?? $"line {lineNumber}: ignoring message of unknown type '{message.Type}'");
        }
        return Task.CompletedTask;
    }

    private Sink SinkFor(string stream, long lineNumber, string messageType)
    {
        if (_lastSink is { } last && ReferenceEquals(last.Stream, stream))
        {
            return last; // the parser hands out one string per stream name
        }
        return _lastSink = _sinks.TryGetValue(stream, out var sink)
            ? sink
            : throw new ProtocolException(lineNumber, $"{messageType} for stream '{stream}' before its SCHEMA");
    }

    /// <summary>
    /// Loads every sink's pending records, then passes on the latest state. A drain because a batch is full may
    /// leave the commits of sinks that allow it running (see <see cref="Sink.CommitsInBackground"/>) while the next
    /// batch is read and staged; their state waits for them, and the next drain (or any other step that needs the
    /// table settled) waits for them first, so batches still commit in order and no state runs ahead of its rows.
    /// </summary>
    private async Task DrainAllAsync(CancellationToken ct, bool inBackground = false)
    {
        await FinishInFlightAsync(ct);
        List<Task>? background = null;
        foreach (var sink in _sinks.Values)
        {
            if (inBackground && sink.CommitsInBackground)
            {
                (background ??= []).Add(sink.StartDrain(ct));
            }
            else
            {
                await sink.DrainAsync(ct);
            }
        }
        if (background is null)
        {
            await WriteStateAsync(ct);
            return;
        }
        if (!_stateWritten && _latestState is not null)
        {
            _statesAfterInFlight.Add(_latestState);
        }
        _stateWritten = true;
        _inFlightOpen = true;
        _inFlight = PassOnStatesAfterAsync(Task.WhenAll(background), ct);
    }

    /// <summary>On the way out of a failed run: a commit still running may yet succeed, and then its state is good to pass on.</summary>
    private async Task SettleInFlightAsync()
    {
        try
        {
            await FinishInFlightAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            Log.Warning($"a batch committing when the run failed did not complete: {ex.Message}");
        }
    }

    /// <summary>Once the commits succeed, writes the states waiting for them; a failed commit writes none (its error surfaces at <see cref="FinishInFlightAsync"/>).</summary>
    private async Task PassOnStatesAfterAsync(Task commits, CancellationToken ct)
    {
        await commits;
        await _statesGate.WaitAsync(ct);
        try
        {
            foreach (var state in _statesAfterInFlight)
            {
                await _output.WriteLineAsync(state, ct);
            }
            _statesAfterInFlight.Clear();
            _inFlightOpen = false;
        }
        finally
        {
            _statesGate.Release();
        }
    }

    /// <summary>Waits for the commits left running by the last drain (and the states they pass on); rethrows their failure.</summary>
    private async Task FinishInFlightAsync(CancellationToken ct)
    {
        if (_inFlight is not { } commits)
        {
            return;
        }
        _inFlight = null;
        await commits.WaitAsync(ct);
    }

    private async Task WriteStateAsync(CancellationToken ct)
    {
        if (_stateWritten || _latestState is null)
        {
            return;
        }
        // Python targets print the bare state object, one per line; `tail -1` of it is the next --state file.
        await _output.WriteLineAsync(_latestState, ct);
        _stateWritten = true;
    }

    private async Task CloseSinksAsync(CancellationToken ct)
    {
        foreach (var sink in _sinks.Values)
        {
            await sink.CloseAsync(ct);
            Metrics.Emit("counter", Metrics.RecordCount, sink.LoadedCount, new Dictionary<string, string> { ["stream"] = sink.Stream });
        }
    }

    private static bool SameSchema(SchemaMessage a, SchemaMessage b) =>
        a.KeyProperties.SequenceEqual(b.KeyProperties) && SingerJson.Serialize(a.Schema) == SingerJson.Serialize(b.Schema);
}
