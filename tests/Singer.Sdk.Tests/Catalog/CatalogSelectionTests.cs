using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Catalog;

/// <summary>Selection as singer-python's CatalogEntry.is_selected and should_sync_field decide it (tap-mysql defaults to true).</summary>
public sealed class CatalogSelectionTests
{
    private const string Schema = """
        {"type": "object", "properties": {
          "id": {"type": "integer"},
          "name": {"type": "string"},
          "address": {"type": "object", "properties": {"city": {"type": "string"}, "zip": {"type": "string"}}}}}
        """;

    private static CatalogEntry Entry(string metadataJson, string schemaJson = Schema) =>
        Sdk.Catalog.Parse(SingerText.Object($$"""{"streams": [{"tap_stream_id": "db-t", "schema": {{schemaJson}}, "metadata": {{metadataJson}}}]}""")).Streams[0];

    private static string Md(string breadcrumb, string metadata) => $$"""{"breadcrumb": {{breadcrumb}}, "metadata": {{metadata}}}""";

    [Fact]
    public void IsSelected_StreamMetadataSelectedTrue_IsSelected()
    {
        Entry($"[{Md("[]", """{"selected": true}""")}]").IsSelected.Should().BeTrue();
    }

    [Fact]
    public void IsSelected_StreamMetadataSelectedFalse_IsNotSelected()
    {
        Entry($"[{Md("[]", """{"selected": false, "selected-by-default": true}""")}]").IsSelected.Should().BeFalse();
    }

    [Fact]
    public void IsSelected_LegacySchemaSelected_IsSelected()
    {
        Entry("[]", """{"type": "object", "selected": true, "properties": {}}""").IsSelected.Should().BeTrue();
    }

    [Fact]
    public void IsSelected_SelectedByDefaultAlone_DoesNotSelectTheStream()
    {
        Entry($"[{Md("[]", """{"selected-by-default": true}""")}]").IsSelected.Should().BeFalse();
    }

    [Fact]
    public void IsSelected_NoMetadata_IsNotSelected()
    {
        Entry("[]").IsSelected.Should().BeFalse();
    }

    [Fact]
    public void IsSelected_SelectedAsStringTrue_IsNotSelected()
    {
        Entry($"[{Md("[]", """{"selected": "true"}""")}]").IsSelected.Should().BeFalse("only the JSON boolean true selects");
    }

    [Fact]
    public void IsPropertySelected_InclusionAutomatic_IsSelectedEvenWhenDeselected()
    {
        var entry = Entry($"[{Md("""["properties", "id"]""", """{"inclusion": "automatic", "selected": false}""")}]");

        entry.IsPropertySelected("id").Should().BeTrue();
    }

    [Fact]
    public void IsPropertySelected_InclusionUnsupported_IsNeverSelected()
    {
        var entry = Entry($"[{Md("""["properties", "name"]""", """{"inclusion": "unsupported", "selected": true}""")}]");

        entry.IsPropertySelected("name").Should().BeFalse();
    }

    [Fact]
    public void IsPropertySelected_InclusionFromTheSchemaKeyword_IsHonoured()
    {
        // tap-mysql writes inclusion into the schema property itself, and not always into metadata.
        var entry = Entry(
            $"[{Md("""["properties", "id"]""", """{"selected": false}""")}, {Md("""["properties", "name"]""", """{"selected": true}""")}]",
            """{"type": "object", "properties": {"id": {"type": "integer", "inclusion": "automatic"}, "name": {"type": "string", "inclusion": "unsupported"}}}""");

        entry.IsPropertySelected("id").Should().BeTrue();
        entry.IsPropertySelected("name").Should().BeFalse();
    }

    [Fact]
    public void IsPropertySelected_MetadataInclusion_WinsOverTheSchemaKeyword()
    {
        var entry = Entry(
            $"[{Md("""["properties", "id"]""", """{"inclusion": "available", "selected": false}""")}]",
            """{"type": "object", "properties": {"id": {"type": "integer", "inclusion": "automatic"}}}""");

        entry.IsPropertySelected("id").Should().BeFalse();
    }

    [Fact]
    public void IsPropertySelected_ExplicitSelectedFalse_Deselects()
    {
        var entry = Entry($"[{Md("""["properties", "name"]""", """{"inclusion": "available", "selected": false, "selected-by-default": true}""")}]");

        entry.IsPropertySelected("name").Should().BeFalse();
    }

    [Fact]
    public void IsPropertySelected_ExplicitSelectedTrue_WinsOverSelectedByDefaultFalse()
    {
        var entry = Entry($"[{Md("""["properties", "name"]""", """{"selected": true, "selected-by-default": false}""")}]");

        entry.IsPropertySelected("name").Should().BeTrue();
    }

    [Fact]
    public void IsPropertySelected_NoMetadata_IsSelected()
    {
        Entry("[]").IsPropertySelected("name").Should().BeTrue();
    }

    [Fact]
    public void IsPropertySelected_SelectedByDefaultFalseWithoutSelected_IsNotSelected()
    {
        var entry = Entry($"[{Md("""["properties", "name"]""", """{"selected-by-default": false}""")}]");

        entry.IsPropertySelected("name").Should().BeFalse();
    }

    [Fact]
    public void IsPropertySelected_NestedPropertyOfDeselectedParent_IsNotSelected()
    {
        var entry = Entry(
            $"[{Md("""["properties", "address"]""", """{"selected": false}""")}, {Md("""["properties", "address", "properties", "city"]""", """{"selected": true}""")}]");

        entry.IsPropertySelected(Breadcrumb.Property("address", "city")).Should().BeFalse();
        entry.IsPropertySelected(Breadcrumb.Property("address", "zip")).Should().BeFalse();
    }

    [Fact]
    public void IsPropertySelected_NestedPropertyOfSelectedParent_FollowsItsOwnMetadata()
    {
        var entry = Entry(
            $"[{Md("""["properties", "address"]""", """{"selected": true}""")}, {Md("""["properties", "address", "properties", "zip"]""", """{"selected": false}""")}]");

        entry.IsPropertySelected(Breadcrumb.Property("address", "city")).Should().BeTrue();
        entry.IsPropertySelected(Breadcrumb.Property("address", "zip")).Should().BeFalse();
    }

    [Fact]
    public void IsPropertySelected_StreamBreadcrumb_IsTheStreamSelection()
    {
        var entry = Entry($"[{Md("[]", """{"selected": true}""")}]");

        entry.IsPropertySelected(Breadcrumb.Stream).Should().BeTrue();
    }

    [Fact]
    public void SelectedProperties_MixedMetadata_ListsSelectedTopLevelPropertiesInSchemaOrder()
    {
        var entry = Entry(
            $"[{Md("""["properties", "id"]""", """{"inclusion": "automatic"}""")}, {Md("""["properties", "name"]""", """{"selected": false}""")}]");

        entry.SelectedProperties.Should().Equal("id", "address");
    }

    [Fact]
    public void KeyProperties_ViewKeyProperties_UsedWhenTableKeyPropertiesAbsent()
    {
        var entry = Entry($"[{Md("[]", """{"is-view": true, "view-key-properties": ["name"]}""")}]");

        entry.KeyProperties.Should().Equal("name");
    }

    [Fact]
    public void KeyProperties_TableKeyProperties_WinOverViewKeyPropertiesAndLegacy()
    {
        var entry = Sdk.Catalog.Parse(SingerText.Object("""
            {"streams": [{"tap_stream_id": "t", "key_properties": ["legacy"], "schema": {},
              "metadata": [{"breadcrumb": [], "metadata": {"table-key-properties": ["id"], "view-key-properties": ["name"]}}]}]}
            """)).Streams[0];

        entry.KeyProperties.Should().Equal("id");
    }

    [Fact]
    public void KeyProperties_NoneAnywhere_IsEmpty()
    {
        Entry("[]").KeyProperties.Should().BeEmpty();
    }
}
