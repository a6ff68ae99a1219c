using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.State;

public sealed class SingerStateTests
{
    [Fact]
    public void SetBookmark_WithCurrentlySyncing_HasSingerPythonShape()
    {
        var state = new SingerState { CurrentlySyncing = "db-t" };

        state.SetBookmark("db-t", "replication_key_value", 5L);

        SingerJson.Serialize(state.Value).Should().Be("""{"currently_syncing":"db-t","bookmarks":{"db-t":{"replication_key_value":5}}}""");
    }

    [Fact]
    public void SetBookmark_SeveralKeysAndStreams_NestUnderBookmarks()
    {
        var state = new SingerState();

        state.SetBookmark("db-a", "replication_key", "updated_at");
        state.SetBookmark("db-a", "replication_key_value", "2024-01-01T00:00:00.000000Z");
        state.SetBookmark("db-b", "log_pos", 41817009L);
        state.SetBookmark("db-a", "replication_key_value", "2024-02-01T00:00:00.000000Z");

        SingerJson.Serialize(state.Value).Should().Be(
            """{"bookmarks":{"db-a":{"replication_key":"updated_at","replication_key_value":"2024-02-01T00:00:00.000000Z"},"db-b":{"log_pos":41817009}}}""");
    }

    [Fact]
    public void GetBookmark_SetAndMissing_ReturnsValueOrNull()
    {
        var state = new SingerState();
        state.SetBookmark("db-t", "version", 1795637249426L);

        state.GetBookmark("db-t", "version").Should().Be(1795637249426L);
        state.GetBookmark("db-t", "nope").Should().BeNull();
        state.GetBookmark("db-other", "version").Should().BeNull();
        state.StreamBookmarks("db-other").Should().BeNull();
    }

    [Fact]
    public void CurrentlySyncing_SetToNull_IsWrittenAsNull()
    {
        var state = new SingerState { CurrentlySyncing = "db-t" };

        state.CurrentlySyncing = null;

        state.CurrentlySyncing.Should().BeNull();
        SingerJson.Serialize(state.Value).Should().Be("""{"currently_syncing":null}""");
    }

    [Fact]
    public void ClearBookmark_ExistingKey_RemovesOnlyThatKey()
    {
        var state = new SingerState();
        state.SetBookmark("db-t", "last_pk_fetched", SingerText.Object("""{"id": 3}"""));
        state.SetBookmark("db-t", "max_pk_values", SingerText.Object("""{"id": 3}"""));

        state.ClearBookmark("db-t", "last_pk_fetched");
        state.ClearBookmark("db-none", "last_pk_fetched");

        SingerJson.Serialize(state.Value).Should().Be("""{"bookmarks":{"db-t":{"max_pk_values":{"id":3}}}}""");
    }

    [Fact]
    public void ResetStream_WithBookmarks_LeavesAnEmptyObjectForThatStreamOnly()
    {
        var state = new SingerState(SingerText.Object("""{"currently_syncing": "db-t", "bookmarks": {"db-t": {"version": 1}, "db-u": {"version": 2}}}"""));

        state.ResetStream("db-t");
        state.ResetStream("db-new");

        SingerJson.Serialize(state.Value).Should().Be("""{"currently_syncing":"db-t","bookmarks":{"db-t":{},"db-u":{"version":2},"db-new":{}}}""");
    }

    [Fact]
    public void Constructor_LoadedState_KeepsUnknownTopLevelKeys()
    {
        var state = new SingerState(SingerText.Object("""{"bookmarks": {}, "x-custom": [1, 2]}"""));

        state.SetBookmark("db-t", "k", true);

        SingerJson.Serialize(state.Value).Should().Be("""{"bookmarks":{"db-t":{"k":true}},"x-custom":[1,2]}""");
    }

    [Fact]
    public void Snapshot_LaterChanges_DoNotReachTheCopy()
    {
        var state = new SingerState(SingerText.Object("""{"bookmarks": {"db-t": {"pk": {"id": 3}, "list": [1, {"a": 1}]}}}"""));

        var snapshot = state.Snapshot();
        state.SetBookmark("db-t", "version", 9L);
        ((Dictionary<string, object?>)state.GetBookmark("db-t", "pk")!)["id"] = 4L;
        ((Dictionary<string, object?>)((List<object?>)state.GetBookmark("db-t", "list")!)[1]!)["a"] = 2L;
        state.CurrentlySyncing = "db-t";

        SingerJson.Serialize(snapshot.Value).Should().Be("""{"bookmarks":{"db-t":{"pk":{"id":3},"list":[1,{"a":1}]}}}""");
        snapshot.Value.Should().NotBeSameAs(state.Value);
    }

    [Fact]
    public void StateMessage_OfTheState_IsWhatATapEmits()
    {
        var state = new SingerState { CurrentlySyncing = "bench-types" };
        state.SetBookmark("bench-types", "initial_full_table_complete", true);

        SingerWriter.Serialize(new StateMessage(state.Value)).Should().Be(
            """{"type":"STATE","value":{"currently_syncing":"bench-types","bookmarks":{"bench-types":{"initial_full_table_complete":true}}}}""");
    }
}
