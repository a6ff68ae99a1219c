namespace TargetDuckDb.Tests;

/// <summary>A target whose stdout nobody reads any more fails loudly instead of dropping its STATE lines and exiting 0.</summary>
public sealed class DuckDbClosedOutputTests : IAsyncLifetime
{
    private readonly DuckDbDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Load_StdoutClosedBeforeState_ExitsNonZeroWithOneLineAndKeepsLoadedRows()
    {
        var stream = new SingerStream()
            .Schema("orders", """{"id": {"type": "integer"}}""", "id")
            .Record("orders", """{"id": 1}""")
            .Record("orders", """{"id": 2}""")
            .State("""{"bookmarks": {"orders": {"id": 2}}}""");
        using var target = _db.Start();
        var stderr = target.StandardError.ReadToEndAsync();
        target.StandardOutput.Close();

        await target.StandardInput.WriteAsync(stream.ToString());
        target.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await target.WaitForExitAsync(deadline.Token);

        var log = await stderr;
        target.ExitCode.Should().Be(1, log);
        log.Split('\n').Where(l => l.StartsWith("CRITICAL", StringComparison.Ordinal)).Should().Equal("CRITICAL output closed by the reader");
        // The state is written only after its rows are committed: they stay loaded.
        (await _db.CountAsync("orders")).Should().Be(2);
    }
}
