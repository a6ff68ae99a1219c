using System.Text;
using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Targets;

/// <summary>
/// Sinks whose batches commit while the next batch stages: states still follow their records' commits, in order,
/// and go out as soon as those commits end; a failed commit lets no later state out.
/// </summary>
[Collection(GlobalStateCollection.Name)]
public sealed class BackgroundCommitTests : IDisposable
{
    private const string Schema = """{"type": "SCHEMA", "stream": "s", "schema": {"type": "object", "properties": {"id": {"type": "integer"}}}, "key_properties": ["id"]}""";

    private readonly LogCapture _log = new();
    private readonly List<string> _events = [];

    public void Dispose() => _log.Dispose();

    private static string Record(int id) => $$$"""{"type": "RECORD", "stream": "s", "record": {"id": {{{id}}}}}""";

    private static string State(int n) => $$$"""{"type": "STATE", "value": {"n": {{{n}}}}}""";

    [Fact]
    public async Task FullBatch_CommitsWhileTheNextStages_StatesWaitForItAndGoOutInOrder()
    {
        var target = new GatedTarget(_events);
        var run = RunAsync(target, Schema, Record(1), State(1), Record(2), State(2), Record(3), State(3), Record(4));

        // Records 3 and 4 stage while batch 1,2 commits; the next full batch waits for that commit.
        await WaitForAsync("stage 4");
        await Task.Delay(100);
        Snapshot().Should().Equal("stage 1", "stage 2", "commit start 1,2", "stage 3", "stage 4");
        target.FirstCommit.SetResult();
        await run;

        // State 1 waited for record 2's batch, state 2 came with nothing pending: both follow that commit, in order.
        Snapshot().Should().Equal(
            "stage 1", "stage 2", "commit start 1,2", "stage 3", "stage 4",
            "commit end 1,2", "state {\"n\":1}", "state {\"n\":2}",
            "commit start 3,4", "commit end 3,4", "state {\"n\":3}");
    }

    [Fact]
    public async Task StateWithNothingPending_WhileACommitRuns_GoesOutWhenItEndsWithoutMoreInput()
    {
        var target = new GatedTarget(_events);
        using var input = new BlockingInput(Schema, Record(1), Record(2), State(7));
        await using var output = new StateOutputStream(_events);
        var run = TargetRunner.ProcessAsync(target, input, output, CancellationToken.None);

        await WaitForAsync("commit start 1,2");
        await Task.Delay(100);
        Snapshot().Should().NotContain(e => e.StartsWith("state", StringComparison.Ordinal));
        target.FirstCommit.SetResult();

        await WaitForAsync("state {\"n\":7}"); // the input is still open: the commit's end alone sends the state
        input.End();
        await run;
    }

    [Fact]
    public async Task FailedBackgroundCommit_FailsTheRunAndNoLaterStateGoesOut()
    {
        var target = new GatedTarget(_events);
        var run = RunAsync(target, Schema, Record(1), Record(2), State(1), Record(3), Record(4), State(2));

        await WaitForAsync("commit start 1,2");
        target.FirstCommit.SetException(new SingerException("disk full"));

        await FluentActions.Awaiting(() => run).Should().ThrowAsync<SingerException>().WithMessage("disk full");
        Snapshot().Should().NotContain(e => e.StartsWith("state", StringComparison.Ordinal));
    }

    private async Task RunAsync(Target target, params string[] lines)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        await using var output = new StateOutputStream(_events);
        await TargetRunner.ProcessAsync(target, input, output, CancellationToken.None);
    }

    private List<string> Snapshot()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }

    private async Task WaitForAsync(string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!Snapshot().Contains(expected))
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>Batches of two; the first commit waits until the test releases it, later ones end at once.</summary>
    private sealed class GatedTarget(List<string> events) : Target(new PluginConfig(new Dictionary<string, object?> { ["batch_size_rows"] = 2L }))
    {
        public TaskCompletionSource FirstCommit { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task<Sink> CreateSinkAsync(SchemaMessage schema, CancellationToken cancellationToken) =>
            Task.FromResult<Sink>(new GatedSink(schema, events, this));

        private sealed class GatedSink(SchemaMessage schema, List<string> events, GatedTarget target) : Sink(schema)
        {
            private List<string> _staged = [];
            private int _commits;

            protected internal override bool StagesRecords => true;

            protected internal override bool CommitsInBackground => true;

            protected internal override ValueTask StageAsync(RecordMessage record, CancellationToken cancellationToken)
            {
                var id = SingerJson.Serialize(record.Record["id"]);
                _staged.Add(id);
                Add("stage " + id);
                return ValueTask.CompletedTask;
            }

            protected internal override Task CommitStagedAsync(CancellationToken cancellationToken)
            {
                var batch = string.Join(",", _staged);
                _staged = [];
                Add("commit start " + batch);
                return CommitAsync(batch, ++_commits == 1 ? target.FirstCommit.Task : Task.CompletedTask);
            }

            private async Task CommitAsync(string batch, Task gate)
            {
                await gate;
                Add("commit end " + batch);
            }

            private void Add(string e)
            {
                lock (events)
                {
                    events.Add(e);
                }
            }
        }
    }

    /// <summary>A stdin that stays open after its lines until <see cref="End"/>, like a tap that has gone quiet.</summary>
    private sealed class BlockingInput(params string[] lines) : Stream
    {
        private readonly MemoryStream _lines = new(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        private readonly TaskCompletionSource _end = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void End() => _end.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await _lines.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                return read;
            }
            await _end.Task.WaitAsync(cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
