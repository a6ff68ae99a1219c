using TargetRedshift.Tests.Support;
using Warehouse;

namespace TargetRedshift.Tests;

/// <summary>Golden tests of the SQL target-redshift sends to Redshift (which cannot run here): each string is pinned exactly.</summary>
public sealed class RedshiftSqlTests : IAsyncDisposable
{
    private readonly RedshiftDialect _dialect = SqlOnlyDialect.Create();

    [Theory]
    [InlineData(SqlKind.BigInt, null, "BIGINT")]
    [InlineData(SqlKind.Numeric, 10, "NUMERIC(38,10)")]
    [InlineData(SqlKind.Numeric, 0, "NUMERIC(38,0)")]
    [InlineData(SqlKind.Numeric, 37, "NUMERIC(38,37)")]
    [InlineData(SqlKind.Numeric, 38, "DOUBLE PRECISION")]
    [InlineData(SqlKind.Numeric, null, "DOUBLE PRECISION")]
    [InlineData(SqlKind.Double, null, "DOUBLE PRECISION")]
    [InlineData(SqlKind.Boolean, null, "BOOLEAN")]
    [InlineData(SqlKind.Text, null, "VARCHAR(65535)")]
    [InlineData(SqlKind.Date, null, "DATE")]
    [InlineData(SqlKind.Time, null, "TIME")]
    [InlineData(SqlKind.Timestamp, null, "TIMESTAMPTZ")]
    [InlineData(SqlKind.Json, null, "SUPER")]
    public void TypeName_EachKind_IsTheRedshiftType(SqlKind kind, int? scale, string expected) =>
        _dialect.TypeName(new SqlType(kind, scale)).Should().Be(expected);

    [Theory]
    [InlineData("bigint", null, SqlKind.BigInt, null)]
    [InlineData("integer", null, SqlKind.BigInt, null)]
    [InlineData("numeric", 10, SqlKind.Numeric, 10)]
    [InlineData("double precision", null, SqlKind.Numeric, null)]
    [InlineData("character varying", null, SqlKind.Text, null)]
    [InlineData("boolean", null, SqlKind.Boolean, null)]
    [InlineData("date", null, SqlKind.Date, null)]
    [InlineData("time without time zone", null, SqlKind.Time, null)]
    [InlineData("timestamp with time zone", null, SqlKind.Timestamp, null)]
    [InlineData("timestamp without time zone", null, SqlKind.Timestamp, null)]
    [InlineData("super", null, SqlKind.Json, null)]
    public void ParseType_InformationSchemaName_ReadsBackWhatTypeNameCreates(string dataType, int? scale, SqlKind kind, int? expectedScale) =>
        _dialect.ParseType(dataType, scale).Should().Be(new SqlType(kind, expectedScale));

    [Fact]
    public void ParseType_EveryCreatedType_RoundTripsWithoutWidening()
    {
        // A table created by this target must read back as the shape that made it, or every run would migrate it.
        var shape = Shapes.Shape(Shapes.Schema("orders", Shapes.AllKindsSchema, "id"), metadataColumns: true);
        foreach (var column in shape.Columns)
        {
            var created = _dialect.TypeName(column.Type);
            var (dataType, scale) = created switch
            {
                "BIGINT" => ("bigint", (int?)null),
                "DOUBLE PRECISION" => ("double precision", null),
                "VARCHAR(65535)" => ("character varying", null),
                "BOOLEAN" => ("boolean", null),
                "DATE" => ("date", null),
                "TIME" => ("time without time zone", null),
                "TIMESTAMPTZ" => ("timestamp with time zone", null),
                "SUPER" => ("super", null),
                _ when created.StartsWith("NUMERIC(38,", StringComparison.Ordinal) => ("numeric", column.Type.Scale),
                _ => throw new InvalidOperationException(created),
            };
            var readBack = _dialect.ParseType(dataType, scale)!;
            SqlType.Widen(readBack, column.Type).Should().Be(readBack, $"column {column.Name} ({created}) must not be widened again");
        }
    }

    [Fact]
    public void CreateTableSql_AllKindsWithMetadata_IsPinned()
    {
        var shape = Shapes.Shape(Shapes.Schema("orders", Shapes.AllKindsSchema, "id"), metadataColumns: true);

        _dialect.CreateTableSql("analytics", "orders", shape).Should().Be(
            "CREATE TABLE \"analytics\".\"orders\" (\"id\" BIGINT, \"name\" VARCHAR(65535), \"amount\" NUMERIC(38,10), \"ratio\" DOUBLE PRECISION, " +
            "\"active\" BOOLEAN, \"born\" DATE, \"at\" TIME, \"updated_at\" TIMESTAMPTZ, \"tags\" SUPER, " +
            "\"_sdc_extracted_at\" TIMESTAMPTZ, \"_sdc_batched_at\" TIMESTAMPTZ, \"_sdc_deleted_at\" TIMESTAMPTZ, \"_sdc_table_version\" BIGINT, " +
            "PRIMARY KEY (\"id\"))");
    }

    [Fact]
    public void SchemaAndColumnSql_Quoted_ArePinned()
    {
        _dialect.CreateSchemaSql("analytics").Should().Be("CREATE SCHEMA IF NOT EXISTS \"analytics\"");
        _dialect.AddColumnSql("analytics", "orders", new WarehouseColumn("note", "note", SqlType.Text)).Should().Be(
            "ALTER TABLE \"analytics\".\"orders\" ADD COLUMN \"note\" VARCHAR(65535)");
    }

    [Fact]
    public void CreateStageSql_KeyedShape_TableTypesTextTwinsAndSequence()
    {
        var layout = new StageLayout(OrdersShape(), _dialect.StageType);

        _dialect.CreateStageSql("\"_sdc stage orders\"", layout).Should().Be(
            "CREATE TEMP TABLE \"_sdc stage orders\" (\"id\" BIGINT, \"amount\" NUMERIC(38,2), \"_sdc text 1\" VARCHAR(65535), \"tags\" SUPER, " +
            "\"_sdc_extracted_at\" TIMESTAMPTZ, \"_sdc_batched_at\" TIMESTAMPTZ, \"_sdc_deleted_at\" TIMESTAMPTZ, \"_sdc_table_version\" BIGINT, \"_sdc seq\" BIGINT)");
        _dialect.CopyColumns(layout).Should().Equal(
            "\"id\"", "\"amount\"", "\"tags\"", "\"_sdc_extracted_at\"", "\"_sdc_batched_at\"", "\"_sdc_deleted_at\"", "\"_sdc_table_version\"", "\"_sdc seq\"");
    }

    [Fact]
    public void MergeSql_KeyedBatchWithHardDelete_DeletesKeysInsertsLastRecordOfEachKey()
    {
        var layout = new StageLayout(OrdersShape(), _dialect.StageType);

        layout.MergeSql(_dialect, "\"analytics\".\"orders\"", "\"_sdc stage orders\"", hardDelete: true).Should().Equal(
            "DELETE FROM \"analytics\".\"orders\" USING \"_sdc stage orders\" WHERE \"analytics\".\"orders\".\"id\" = \"_sdc stage orders\".\"id\"",
            "INSERT INTO \"analytics\".\"orders\" (\"id\", \"amount\", \"tags\", \"_sdc_extracted_at\", \"_sdc_batched_at\", \"_sdc_deleted_at\", \"_sdc_table_version\") " +
            "SELECT \"id\", COALESCE(\"amount\", CAST(\"_sdc text 1\" AS NUMERIC(38,2))), \"tags\", \"_sdc_extracted_at\", \"_sdc_batched_at\", \"_sdc_deleted_at\", \"_sdc_table_version\" " +
            "FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY \"id\" ORDER BY \"_sdc seq\" DESC) AS \"_sdc rank\" FROM \"_sdc stage orders\") AS \"_sdc stage orders\" WHERE \"_sdc rank\" = 1",
            "DELETE FROM \"analytics\".\"orders\" WHERE \"_sdc_deleted_at\" IS NOT NULL");
    }

    [Fact]
    public void MergeSql_PropertiesNamedLikeGeneratedColumns_StageAndRankNamesStayApart()
    {
        var shape = Shapes.Shape(Shapes.Schema("t", """{"type":"object","properties":{"id":{"type":"integer"},"_sdc_seq":{"type":"integer"},"_sdc_rank":{"type":"integer"},"amount":{"type":"number","multipleOf":0.01},"amount__text":{"type":"string"}}}""", "id"));
        var layout = new StageLayout(shape, _dialect.StageType);

        layout.Columns().Select(c => c.Name).Should().Equal("id", "_sdc_seq", "_sdc_rank", "amount", "_sdc text 3", "amount__text", "_sdc_table_version", "_sdc seq");
        layout.MergeSql(_dialect, "\"public\".\"t\"", "\"_sdc stage t\"", hardDelete: false).Last().Should().Be(
            "INSERT INTO \"public\".\"t\" (\"id\", \"_sdc_seq\", \"_sdc_rank\", \"amount\", \"amount__text\", \"_sdc_table_version\") " +
            "SELECT \"id\", \"_sdc_seq\", \"_sdc_rank\", COALESCE(\"amount\", CAST(\"_sdc text 3\" AS NUMERIC(38,2))), \"amount__text\", \"_sdc_table_version\" " +
            "FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY \"id\" ORDER BY \"_sdc seq\" DESC) AS \"_sdc rank\" FROM \"_sdc stage t\") AS \"_sdc stage t\" WHERE \"_sdc rank\" = 1");
    }

    [Fact]
    public void MergeSql_CompositeKey_MatchesAndRanksEveryKeyColumn()
    {
        var shape = Shapes.Shape(Shapes.Schema("lines", """{"type":"object","properties":{"order_id":{"type":"integer"},"line":{"type":"integer"}}}""", "order_id", "line"));
        var layout = new StageLayout(shape, _dialect.StageType);

        var sql = layout.MergeSql(_dialect, "\"public\".\"lines\"", "\"_sdc stage lines\"", hardDelete: false).ToList();

        sql[0].Should().Be("DELETE FROM \"public\".\"lines\" USING \"_sdc stage lines\" WHERE \"public\".\"lines\".\"order_id\" = \"_sdc stage lines\".\"order_id\" AND \"public\".\"lines\".\"line\" = \"_sdc stage lines\".\"line\"");
        sql[1].Should().Contain("ROW_NUMBER() OVER (PARTITION BY \"order_id\", \"line\" ORDER BY \"_sdc seq\" DESC)");
    }

    [Fact]
    public void MergeSql_NoKeys_AppendsEveryRow()
    {
        var schema = Shapes.Schema("events", """{"type":"object","properties":{"name":{"type":"string"}}}""");
        var shape = TableShape.From(schema, WarehouseOptions.From(new Singer.Sdk.PluginConfig(new() { ["primary_key_required"] = false }), "public"));

        new StageLayout(shape, _dialect.StageType).MergeSql(_dialect, "\"public\".\"events\"", "\"_sdc stage events\"", hardDelete: false).Should().Equal(
            "INSERT INTO \"public\".\"events\" (\"name\", \"_sdc_table_version\") SELECT \"name\", \"_sdc_table_version\" FROM \"_sdc stage events\"");
    }

    [Fact]
    public async Task WriteAsync_TenRowsThreeSlices_RowsGoToTheSlicesInTurn()
    {
        var shape = Shapes.Shape(Shapes.Schema("orders", """{"type":"object","properties":{"id":{"type":"integer"}}}""", "id"));
        await using var batch = new RedshiftStagedBatch(_dialect, "public", "orders", shape, hardDelete: false, slices: 3, gzip: false);

        for (var id = 1L; id <= 10; id++)
        {
            await batch.WriteAsync([id, null, id], CancellationToken.None);
        }

        batch.Slices.Select(s => s.Rows).Should().Equal(4, 3, 3);
        batch.Slices.Select(s => new StreamReader(s.Finish()).ReadToEnd()).Should().Equal(
            "1,,1\n4,,4\n7,,7\n10,,10\n", "2,,2\n5,,5\n8,,8\n", "3,,3\n6,,6\n9,,9\n");
    }

    private static TableShape OrdersShape() => Shapes.Shape(
        Shapes.Schema("orders", """{"type":"object","properties":{"id":{"type":"integer"},"amount":{"type":"number","multipleOf":0.01},"tags":{"type":"object"}}}""", "id"),
        metadataColumns: true);

    [Fact]
    public void ActivateVersionSql_SoftDelete_UsesGetdateNotTheLeaderOnlyCurrentTimestamp()
    {
        _dialect.ActivateVersionSql("\"public\".\"orders\"", 1700000000000, softDelete: true).Should().Be(
            "UPDATE \"public\".\"orders\" SET \"_sdc_deleted_at\" = GETDATE() WHERE (\"_sdc_table_version\" IS NULL OR \"_sdc_table_version\" < 1700000000000) AND \"_sdc_deleted_at\" IS NULL");
        _dialect.ActivateVersionSql("\"public\".\"orders\"", 1700000000000, softDelete: false).Should().Be(
            "DELETE FROM \"public\".\"orders\" WHERE (\"_sdc_table_version\" IS NULL OR \"_sdc_table_version\" < 1700000000000)");
    }

    [Fact]
    public void AlterTypeSql_BigIntToNumeric_RebuildsTheColumn()
    {
        _dialect.AlterTypeSql("public", "orders", "qty", new SqlType(SqlKind.Numeric, 2)).Should().Be(
            "ALTER TABLE \"public\".\"orders\" ADD COLUMN \"_sdc widen\" NUMERIC(38,2); " +
            "UPDATE \"public\".\"orders\" SET \"_sdc widen\" = CAST(\"qty\" AS NUMERIC(38,2)); " +
            "ALTER TABLE \"public\".\"orders\" DROP COLUMN \"qty\"; " +
            "ALTER TABLE \"public\".\"orders\" RENAME COLUMN \"_sdc widen\" TO \"qty\"");
    }

    [Theory]
    [InlineData(SqlKind.Boolean, "CASE WHEN \"flag\" THEN 'true' WHEN NOT \"flag\" THEN 'false' END")]
    [InlineData(SqlKind.Json, "JSON_SERIALIZE(\"flag\")")]
    [InlineData(SqlKind.Date, "CAST(\"flag\" AS VARCHAR(65535))")]
    public void AlterTypeSql_ToText_ConvertsWhatRedshiftCannotCast(SqlKind from, string expression)
    {
        _dialect.Remember("public", "t", new Dictionary<string, SqlType> { ["flag"] = new(from) });

        _dialect.AlterTypeSql("public", "t", "flag", SqlType.Text).Should().Contain($"SET \"_sdc widen\" = {expression};");
    }

    [Fact]
    public void StageType_EveryKind_IsTheTableType()
    {
        // The stage is created LIKE the table and COPY parses the CSV into each type, so nothing is cast in the merge.
        foreach (var kind in Enum.GetValues<SqlKind>())
        {
            _dialect.StageType(new SqlType(kind, 2)).Should().Be(new SqlType(kind, 2));
        }
    }

    public async ValueTask DisposeAsync() => await _dialect.DisposeAsync();
}
