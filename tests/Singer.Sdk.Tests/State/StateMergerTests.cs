using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.State;

public sealed class StateMergerTests
{
    [Fact]
    public void Merge_NestedObjects_MergeKeyByKey()
    {
        var older = SingerText.Object("""{"currently_syncing": "db-a", "bookmarks": {"db-a": {"version": 1, "log_pos": 10}, "db-b": {"version": 2}}}""");
        var newer = SingerText.Object("""{"currently_syncing": null, "bookmarks": {"db-a": {"log_pos": 20}, "db-c": {"version": 3}}}""");

        var merged = StateMerger.Merge(older, newer);

        SingerJson.Serialize(merged).Should().Be(
            """{"currently_syncing":null,"bookmarks":{"db-a":{"version":1,"log_pos":20},"db-b":{"version":2},"db-c":{"version":3}}}""");
    }

    [Fact]
    public void Merge_ListsAndScalars_NewerWins()
    {
        var older = SingerText.Object("""{"list": [1, 2, 3], "scalar": "a", "obj": {"x": 1}, "toScalar": {"y": 1}}""");
        var newer = SingerText.Object("""{"list": [9], "scalar": 2.50, "obj": [1], "toScalar": "flat"}""");

        var merged = StateMerger.Merge(older, newer);

        SingerJson.Serialize(merged).Should().Be("""{"list":[9],"scalar":2.50,"obj":[1],"toScalar":"flat"}""");
    }

    [Fact]
    public void Merge_Inputs_AreNotChangedAndNotShared()
    {
        var older = SingerText.Object("""{"bookmarks": {"db-a": {"version": 1}}, "keep": [1]}""");
        var newer = SingerText.Object("""{"bookmarks": {"db-a": {"log_pos": 5}}, "list": [{"n": 1}]}""");
        var olderText = SingerJson.Serialize(older);
        var newerText = SingerJson.Serialize(newer);

        var merged = StateMerger.Merge(older, newer);
        ((Dictionary<string, object?>)((Dictionary<string, object?>)merged["bookmarks"]!)["db-a"]!)["version"] = 99L;
        ((List<object?>)merged["keep"]!).Add(2L);
        ((Dictionary<string, object?>)((List<object?>)merged["list"]!)[0]!)["n"] = 2L;

        SingerJson.Serialize(older).Should().Be(olderText);
        SingerJson.Serialize(newer).Should().Be(newerText);
    }

    [Fact]
    public void Merge_EmptyNewer_IsACopyOfOlder()
    {
        var older = SingerText.Object("""{"bookmarks": {"db-a": {"version": 1}}}""");

        var merged = StateMerger.Merge(older, []);

        merged.Should().NotBeSameAs(older);
        SingerJson.Serialize(merged).Should().Be("""{"bookmarks":{"db-a":{"version":1}}}""");
    }

    [Fact]
    public void DeepCopy_NestedValues_AreIndependent()
    {
        var original = SingerText.Object("""{"a": {"b": [1, {"c": 2}]}}""");

        var copy = StateMerger.DeepCopy(original);
        ((Dictionary<string, object?>)((List<object?>)((Dictionary<string, object?>)copy["a"]!)["b"]!)[1]!)["c"] = 3L;

        SingerJson.Serialize(original).Should().Be("""{"a":{"b":[1,{"c":2}]}}""");
        SingerJson.Serialize(copy).Should().Be("""{"a":{"b":[1,{"c":3}]}}""");
    }
}
