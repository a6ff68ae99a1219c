using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Catalog;

public sealed class CatalogTests
{
    private const string Discovered = "catalog-discovered-bench-types.json";
    private const string Selected = "catalog-selected-bench-types.json";

    private static Task<Sdk.Catalog> LoadAsync(string name) => Sdk.Catalog.LoadAsync(FixturePaths.PythonTapMySql(name));

    [Fact]
    public async Task LoadAsync_DiscoveredCatalog_HasTheStreamUnselected()
    {
        var catalog = await LoadAsync(Discovered);

        var entry = catalog.Streams.Should().ContainSingle().Subject;
        entry.TapStreamId.Should().Be("bench-types");
        entry.Stream.Should().Be("types");
        entry.TableName.Should().Be("types");
        entry.DatabaseName.Should().BeNull("tap-mysql puts the database in metadata, not at the top level");
        entry.IsSelected.Should().BeFalse("selected-by-default false and no 'selected'");
        catalog.SelectedStreams.Should().BeEmpty();
        entry.ReplicationMethod.Should().BeNull();
    }

    [Fact]
    public async Task LoadAsync_SelectedCatalog_HasTheStreamAndEveryFieldSelected()
    {
        var catalog = await LoadAsync(Selected);

        var entry = catalog.Find("bench-types")!;
        entry.IsSelected.Should().BeTrue();
        catalog.SelectedStreams.Should().Equal(entry);
        entry.ReplicationMethod.Should().Be("FULL_TABLE");
        entry.SelectedProperties.Should().HaveCount(30).And.StartWith(["id", "c_bool", "c_tinyint"]).And.EndWith("c_bit64");
        catalog.Find("bench-nope").Should().BeNull();
    }

    [Fact]
    public async Task IsPropertySelected_SelectedCatalog_SkipsColumnsTapMySqlMarksUnsupportedInTheSchema()
    {
        var entry = (await LoadAsync(Selected)).Streams[0];

        string[] unsupported = ["c_year", "c_blob", "c_binary", "c_varbinary", "c_set"];
        foreach (var column in unsupported)
        {
            entry.Metadata.GetProperty(column, "selected").Should().Be(true, column);
            entry.Metadata.GetProperty(column, "inclusion").Should().BeNull(column);
            entry.IsPropertySelected(column).Should().BeFalse(column);
        }
        entry.SelectedProperties.Should().NotIntersectWith(unsupported);
    }

    [Fact]
    public async Task SelectedProperties_SelectedCatalog_AreTheColumnsPythonTapMySqlSynced()
    {
        var entry = (await LoadAsync(Selected)).Streams[0];
        var lines = await SingerText.ReadAsync(await File.ReadAllBytesAsync(FixturePaths.PythonTapMySql("tap-mysql-types-full.singer")));
        var synced = lines.Select(l => l.Message).OfType<SchemaMessage>().Single().Schema["properties"].Should().BeOfType<Dictionary<string, object?>>().Subject.Keys;

        entry.SelectedProperties.Should().BeEquivalentTo(synced);
    }

    [Fact]
    public async Task KeyProperties_TapMySqlCatalog_ComeFromTableKeyPropertiesMetadata()
    {
        var entry = (await LoadAsync(Discovered)).Streams[0];

        entry.LegacyKeyProperties.Should().BeNull();
        entry.KeyProperties.Should().Equal("id");
    }

    [Fact]
    public async Task Metadata_TapMySqlValues_AreReadableByBreadcrumb()
    {
        var entry = (await LoadAsync(Discovered)).Streams[0];

        entry.Metadata.GetStream("database-name").Should().Be("bench");
        entry.Metadata.GetStream("row-count").Should().Be(3L);
        entry.Metadata.GetStream("is-view").Should().Be(false);
        entry.Metadata.GetStream("selected-by-default").Should().Be(false);
        entry.Metadata.GetProperty("c_dec", "sql-datatype").Should().Be("decimal(38,10)");
        entry.Metadata.GetProperty("c_bigint_u", "sql-datatype").Should().Be("bigint(20) unsigned");
        entry.Metadata.Get(Breadcrumb.Property("id"), "selected-by-default").Should().Be(true);
        entry.Metadata.GetProperty("c_nope", "sql-datatype").Should().BeNull();
        entry.Metadata.Has(Breadcrumb.Property("c_bit64")).Should().BeTrue();
        entry.Metadata.Has(Breadcrumb.Property("c_nope")).Should().BeFalse();
        entry.Metadata.Entries.Should().HaveCount(36, "one stream entry and one per each of the 35 columns");
        entry.Metadata.Entries.First().Breadcrumb.IsStream.Should().BeTrue();
        entry.Metadata.Entries.Last().Breadcrumb.Should().Be(Breadcrumb.Property("c_bit64"));
    }

    [Theory]
    [InlineData(Discovered)]
    [InlineData(Selected)]
    public async Task ToJson_TapMySqlCatalog_ReproducesTheFileByteForByte(string name)
    {
        var catalog = await LoadAsync(name);

        var written = SingerJson.Serialize(catalog.ToJson(), indented: true);

        written.Should().Be(await File.ReadAllTextAsync(FixturePaths.PythonTapMySql(name)));
    }

    [Fact]
    public async Task RoundTrip_ToJsonSerializeParse_KeepsMetadataSchemasAndUnknownFields()
    {
        var original = await LoadAsync(Selected);
        var entry = original.Streams[0];
        entry.AdditionalFields["x-owner"] = new Dictionary<string, object?> { ["team"] = "data", ["ids"] = new List<object?> { 1L, 2.50m } };
        entry.Metadata.Set(Breadcrumb.Property("c_dec"), "x-precision", 38L);
        entry.StreamAlias = "types_alias";
        entry.RowCount = 3;
        entry.IsView = false;
        entry.LegacyKeyProperties = ["id"];

        var reparsed = Sdk.Catalog.Parse(SingerText.Object(SingerJson.Serialize(original.ToJson())));

        var copy = reparsed.Streams.Should().ContainSingle().Subject;
        copy.AdditionalFields.Keys.Should().Equal("x-owner");
        SingerJson.Serialize(copy.AdditionalFields["x-owner"]).Should().Be("""{"team":"data","ids":[1,2.50]}""");
        copy.Metadata.GetProperty("c_dec", "x-precision").Should().Be(38L);
        copy.Metadata.GetProperty("c_dec", "sql-datatype").Should().Be("decimal(38,10)");
        copy.StreamAlias.Should().Be("types_alias");
        copy.RowCount.Should().Be(3);
        copy.IsView.Should().BeFalse();
        copy.LegacyKeyProperties.Should().Equal("id");
        SingerJson.Serialize(copy.Schema).Should().Be(SingerJson.Serialize(entry.Schema));
        SingerJson.Serialize(copy.Metadata.ToJson()).Should().Be(SingerJson.Serialize(entry.Metadata.ToJson()));
        SingerJson.Serialize(reparsed.ToJson()).Should().Be(SingerJson.Serialize(original.ToJson()));
    }

    [Fact]
    public void Parse_SchemaNumbers_StayExact()
    {
        var catalog = Sdk.Catalog.Parse(SingerText.Object("""
            {"streams": [{"tap_stream_id": "t", "schema": {"properties": {"d": {"multipleOf": 1e-10, "maximum": 18446744073709551615}}}}]}
            """));

        SingerJson.Serialize(catalog.ToJson()).Should().Be(
            """{"streams":[{"tap_stream_id":"t","schema":{"properties":{"d":{"multipleOf":1e-10,"maximum":18446744073709551615}}},"stream":"t","metadata":[]}]}""");
    }

    [Fact]
    public void Parse_LegacyTopLevelFields_AreRead()
    {
        var entry = Sdk.Catalog.Parse(SingerText.Object("""
            {"streams": [{"tap_stream_id": "db-t", "stream": "t", "database_name": "db", "table_name": "t", "key_properties": ["a", "b"],
              "replication_method": "INCREMENTAL", "replication_key": "updated_at", "is_view": true, "row_count": 12, "schema": {}}]}
            """)).Streams[0];

        entry.DatabaseName.Should().Be("db");
        entry.KeyProperties.Should().Equal("a", "b");
        entry.ReplicationMethod.Should().Be("INCREMENTAL");
        entry.ReplicationKey.Should().Be("updated_at");
        entry.IsView.Should().BeTrue();
        entry.RowCount.Should().Be(12);
        entry.AdditionalFields.Should().BeEmpty();
    }

    [Fact]
    public void Parse_MetadataAndLegacyReplicationFields_MetadataWins()
    {
        var entry = Sdk.Catalog.Parse(SingerText.Object("""
            {"streams": [{"tap_stream_id": "t", "replication_method": "FULL_TABLE", "replication_key": "a", "schema": {},
              "metadata": [{"breadcrumb": [], "metadata": {"replication-method": "INCREMENTAL", "replication-key": "b"}}]}]}
            """)).Streams[0];

        entry.ReplicationMethod.Should().Be("INCREMENTAL");
        entry.ReplicationKey.Should().Be("b");
    }

    [Theory]
    [InlineData("""{"nostreams": []}""", "catalog must be an object with a 'streams' list")]
    [InlineData("""{"streams": [1]}""", "every catalog stream must be an object")]
    [InlineData("""{"streams": [{"schema": {}}]}""", "a catalog stream has no 'tap_stream_id'")]
    [InlineData("""{"streams": [{"tap_stream_id": "t"}]}""", "catalog stream 't' has no 'schema' object")]
    [InlineData("""{"streams": [{"tap_stream_id": "t", "schema": {}, "metadata": {}}]}""", "catalog stream 't': 'metadata' must be a list")]
    [InlineData("""{"streams": [{"tap_stream_id": "t", "schema": {}, "metadata": [{"breadcrumb": [1], "metadata": {}}]}]}""", "catalog stream 't': every metadata entry needs a 'breadcrumb' list of strings and a 'metadata' object")]
    public void Parse_MalformedCatalog_IsAConfigurationError(string json, string message)
    {
        var act = () => Sdk.Catalog.Parse(SingerText.Object(json));

        act.Should().Throw<ConfigurationException>().WithMessage(message);
    }

    [Fact]
    public async Task LoadAsync_MissingFile_IsAConfigurationErrorNamingIt()
    {
        var act = () => Sdk.Catalog.LoadAsync("/nonexistent/catalog.json");

        (await act.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should().StartWith("cannot read catalog file '/nonexistent/catalog.json'");
    }

    [Fact]
    public void Breadcrumb_PropertyPath_HasParentAndName()
    {
        var nested = Breadcrumb.Property("address", "city");

        nested.Parts.Should().Equal("properties", "address", "properties", "city");
        nested.Parent.Should().Be(Breadcrumb.Property("address"));
        nested.PropertyName.Should().BeNull();
        Breadcrumb.Property("address").PropertyName.Should().Be("address");
        Breadcrumb.Property("address").Parent.IsStream.Should().BeTrue();
        nested.ToString().Should().Be("""["properties", "address", "properties", "city"]""");
        Breadcrumb.Stream.ToString().Should().Be("[]");
        (new Breadcrumb(["properties", "a"]) == Breadcrumb.Property("a")).Should().BeTrue();
        new Breadcrumb(["properties", "a"]).GetHashCode().Should().Be(Breadcrumb.Property("a").GetHashCode());
    }
}
