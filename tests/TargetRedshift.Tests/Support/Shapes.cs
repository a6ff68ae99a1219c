using Singer.Sdk;
using Warehouse;

namespace TargetRedshift.Tests.Support;

/// <summary>Table shapes and rows built the way the warehouse sink builds them, from SCHEMA and RECORD lines.</summary>
internal static class Shapes
{
    /// <summary>One property of every kind the type map knows, keyed by id.</summary>
    public const string AllKindsSchema = """
        {"type":"object","properties":{
          "id":{"type":"integer"},
          "Name":{"type":["null","string"]},
          "amount":{"type":["null","number"],"multipleOf":0.0000000001},
          "ratio":{"type":["null","number"]},
          "active":{"type":["null","boolean"]},
          "born":{"type":["null","string"],"format":"date"},
          "at":{"type":["null","string"],"format":"time"},
          "updated_at":{"type":["null","string"],"format":"date-time"},
          "tags":{"type":["null","object"]}}}
        """;

    public static SchemaMessage Schema(string stream, string schemaJson, params string[] keys) =>
        new(stream, (Dictionary<string, object?>)SingerJson.Parse(schemaJson)!, keys);

    public static TableShape Shape(SchemaMessage schema, bool metadataColumns = false) =>
        TableShape.From(schema, WarehouseOptions.From(new PluginConfig(new Dictionary<string, object?> { ["add_metadata_columns"] = metadataColumns }), "public"));

    public static RecordMessage Record(string stream, string recordJson) => new(stream, (Dictionary<string, object?>)SingerJson.Parse(recordJson)!);
}
