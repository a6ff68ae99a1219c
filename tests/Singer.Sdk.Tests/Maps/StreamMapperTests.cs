using Singer.Sdk.Maps;

namespace Singer.Sdk.Tests.Maps;

/// <summary>The examples of the Meltano SDK's docs/stream_maps.md, re-typed as our own data, through <see cref="StreamMapper"/>.</summary>
public class StreamMapperTests
{
    private const string CustomersSchema = """
        {"type": "SCHEMA", "stream": "customers", "key_properties": ["customer_id"], "schema": {"type": "object", "properties": {
          "customer_id": {"type": "integer"}, "email": {"type": ["string", "null"]}, "owner_email": {"type": "string"},
          "full_name": {"type": "string"}, "first_name": {"type": "string"}, "amount": {"type": "number"}}, "required": ["customer_id", "email"]}}
        """;

    private const string Ada = """
        {"type": "RECORD", "stream": "customers", "record": {"customer_id": 1, "email": "ada@example.com", "owner_email": "owner@corp.example",
          "full_name": "Ada Lovelace", "first_name": "Ada", "amount": 10.25}, "version": 3, "time_extracted": "2024-01-02T03:04:05Z"}
        """;

    private const string Bob = """
        {"type": "RECORD", "stream": "customers", "record": {"customer_id": 2, "email": "bob@other.org", "owner_email": "o@x.org",
          "full_name": "Bob", "first_name": "Bob", "amount": 0.1}}
        """;

    internal static StreamMapper Mapper(string configJson) =>
        StreamMapper.FromConfig(new PluginConfig((Dictionary<string, object?>)SingerJson.Parse(configJson)!))!;

    internal static List<string> Run(string configJson, params string[] lines)
    {
        var mapper = Mapper(configJson);
        var parser = new Singer.Sdk.Serialization.SingerMessageParser();
        var output = new List<string>();
        foreach (var line in lines)
        {
            var message = parser.Parse(new System.Buffers.ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(line.ReplaceLineEndings(" "))), 1);
            output.AddRange(mapper.Map(message).Select(SingerWriter.Serialize));
        }
        return output;
    }

    [Fact]
    public void NoMapsAndNoFlattening_BuildNoMapper()
    {
        StreamMapper.FromConfig(new PluginConfig(new Dictionary<string, object?> { ["host"] = "x" })).Should().BeNull();
        StreamMapper.FromConfig(new PluginConfig(new Dictionary<string, object?> { ["stream_maps"] = new Dictionary<string, object?>() })).Should().BeNull();
        StreamMapper.FromConfig(new PluginConfig(new Dictionary<string, object?> { ["flattening_enabled"] = true, ["flattening_max_depth"] = 1L }), flatteningAllowed: false)
            .Should().BeNull();
    }

    [Fact]
    public void DocsExample_DropsAddsAndHashes()
    {
        var output = Run("""
            {"stream_maps": {"customers": {"email": null, "email_domain": "owner_email.split('@')[-1]",
              "email_hash": "md5(config['hash_seed'] + owner_email)"}},
             "stream_map_config": {"hash_seed": "01AWZh7A6DzGm6iJZZ2T"}}
            """, CustomersSchema, Ada);
        var hash = Md5("01AWZh7A6DzGm6iJZZ2Towner@corp.example");
        output.Should().Equal(
            """{"type":"SCHEMA","stream":"customers","schema":{"type":"object","properties":{"customer_id":{"type":"integer"},"owner_email":{"type":"string"},"full_name":{"type":"string"},"first_name":{"type":"string"},"amount":{"type":"number"},"email_domain":{"type":["string","null"]},"email_hash":{"type":["string","null"]}},"required":["customer_id"]},"key_properties":["customer_id"]}""",
            $$"""{"type":"RECORD","stream":"customers","record":{"customer_id":1,"owner_email":"owner@corp.example","full_name":"Ada Lovelace","first_name":"Ada","amount":10.25,"email_domain":"corp.example","email_hash":"{{hash}}"},"version":3,"time_extracted":"2024-01-02T03:04:05Z"}""");
    }

    /// <summary>The digest Meltano's md5() gives, computed here through the map itself from a known-good reference value.</summary>
    private static string Md5(string text) => (string)ExpressionTests.Eval($"md5({SingerJson.Serialize(text)})")!;

    [Fact]
    public void StreamMappedToNull_IsDropped_WithItsRecordsAndVersions()
    {
        Run("""{"stream_maps": {"customers": null}}""", CustomersSchema, Ada,
            """{"type": "ACTIVATE_VERSION", "stream": "customers", "version": 3}""",
            """{"type": "STATE", "value": {"bookmarks": {"customers": {"id": 1}}}}""")
            .Should().Equal("""{"type":"STATE","value":{"bookmarks":{"customers":{"id":1}}}}""");
        Run("""{"stream_maps": {"customers": "__NULL__"}}""", CustomersSchema, Ada).Should().BeEmpty();
    }

    [Fact]
    public void ElseNull_AtTheTop_KeepsOnlyListedStreams()
    {
        var other = """{"type": "SCHEMA", "stream": "orders", "key_properties": [], "schema": {"properties": {"id": {"type": "integer"}}}}""";
        Run("""{"stream_maps": {"customers": {}, "__else__": null}}""", other, """{"type": "RECORD", "stream": "orders", "record": {"id": 1}}""", CustomersSchema, Bob)
            .Should().HaveCount(2).And.AllSatisfy(line => line.Should().Contain("\"stream\":\"customers\""));
    }

    [Fact]
    public void ElseNull_InAStream_KeepsListedPropertiesAndTheKeys()
    {
        Run("""{"stream_maps": {"customers": {"email": "email", "__else__": null}}}""", CustomersSchema, Ada).Should().Equal(
            """{"type":"SCHEMA","stream":"customers","schema":{"type":"object","properties":{"customer_id":{"type":"integer"},"email":{"type":["string","null"]}},"required":["customer_id","email"]},"key_properties":["customer_id"]}""",
            """{"type":"RECORD","stream":"customers","record":{"customer_id":1,"email":"ada@example.com"},"version":3,"time_extracted":"2024-01-02T03:04:05Z"}""");
    }

    [Fact]
    public void KeyProperties_Replaced_WithAHashedKey()
    {
        var output = Run("""{"stream_maps": {"customers": {"customer_id": null, "customer_id_hashed": "md5(str(customer_id))", "__key_properties__": ["customer_id_hashed"], "__else__": null}}}""",
            CustomersSchema, Ada);
        output[0].Should().Be("""{"type":"SCHEMA","stream":"customers","schema":{"type":"object","properties":{"customer_id_hashed":{"type":["string","null"]}},"required":[]},"key_properties":["customer_id_hashed"]}""");
        output[1].Should().Contain($$"""
            "record":{"customer_id_hashed":"{{Md5("1")}}"}
            """.Trim());
    }

    [Fact]
    public void LiteralValue_AndAliasedProperty()
    {
        Run("""{"stream_maps": {"customers": {"a_new_field": "\"client-123\"", "name": "full_name", "full_name": "__NULL__", "__else__": null}}}""", CustomersSchema, Ada)
            .Should().Equal(
                """{"type":"SCHEMA","stream":"customers","schema":{"type":"object","properties":{"customer_id":{"type":"integer"},"a_new_field":{"type":["string","null"]},"name":{"type":"string"}},"required":["customer_id"]},"key_properties":["customer_id"]}""",
                """{"type":"RECORD","stream":"customers","record":{"customer_id":1,"a_new_field":"client-123","name":"Ada Lovelace"},"version":3,"time_extracted":"2024-01-02T03:04:05Z"}""");
    }

    [Fact]
    public void Alias_RenamesTheStream_AndItsVersions()
    {
        Run("""{"stream_maps": {"customers": {"__alias__": "customers_v2"}}}""", CustomersSchema,
                """{"type": "ACTIVATE_VERSION", "stream": "customers", "version": 3}""")
            .Should().Equal(
                """{"type":"SCHEMA","stream":"customers_v2","schema":{"type":"object","properties":{"customer_id":{"type":"integer"},"email":{"type":["string","null"]},"owner_email":{"type":"string"},"full_name":{"type":"string"},"first_name":{"type":"string"},"amount":{"type":"number"}},"required":["customer_id","email"]},"key_properties":["customer_id"]}""",
                """{"type":"ACTIVATE_VERSION","stream":"customers_v2","version":3}""");
    }

    [Fact]
    public void GlobAlias_WithAnExpression_RenamesEveryStream()
    {
        var output = Run("""{"stream_maps": {"*": {"__alias__": "__stream_name__ + '_v2'"}}}""", CustomersSchema,
            """{"type": "SCHEMA", "stream": "orders", "key_properties": [], "schema": {"properties": {"id": {"type": "integer"}}}}""",
            """{"type": "RECORD", "stream": "orders", "record": {"id": 5}}""");
        output.Select(l => SingerJson.Parse(l) is Dictionary<string, object?> m ? m["stream"] : null).Should().Equal("customers_v2", "orders_v2", "orders_v2");
    }

    [Fact]
    public void GlobMap_AppliesToMatchingStreamsOnly()
    {
        var output = Run("""{"stream_maps": {"cust*": {"name": "first_name", "first_name": "__NULL__", "__else__": null}}}""", CustomersSchema, Bob,
            """{"type": "SCHEMA", "stream": "orders", "key_properties": [], "schema": {"properties": {"first_name": {"type": "string"}}}}""",
            """{"type": "RECORD", "stream": "orders", "record": {"first_name": "kept"}}""");
        output[1].Should().Contain("""
            "record":{"customer_id":2,"name":"Bob"}
            """.Trim());
        output[3].Should().Contain("""
            "record":{"first_name":"kept"}
            """.Trim());
    }

    [Fact]
    public void Source_SplitsOneStreamIntoTwo()
    {
        var output = Run("""
            {"stream_maps": {
              "customers": {"email": null, "full_name": null},
              "customers_pii": {"__source__": "customers", "customer_id": "customer_id", "email": "email", "full_name": "full_name", "__else__": null}}}
            """, CustomersSchema, Ada, """{"type": "ACTIVATE_VERSION", "stream": "customers", "version": 3}""");
        output.Should().Equal(
            """{"type":"SCHEMA","stream":"customers","schema":{"type":"object","properties":{"customer_id":{"type":"integer"},"owner_email":{"type":"string"},"first_name":{"type":"string"},"amount":{"type":"number"}},"required":["customer_id"]},"key_properties":["customer_id"]}""",
            """{"type":"SCHEMA","stream":"customers_pii","schema":{"type":"object","properties":{"customer_id":{"type":"integer"},"email":{"type":["string","null"]},"full_name":{"type":"string"}},"required":["customer_id","email"]},"key_properties":["customer_id"]}""",
            """{"type":"RECORD","stream":"customers","record":{"customer_id":1,"owner_email":"owner@corp.example","first_name":"Ada","amount":10.25},"version":3,"time_extracted":"2024-01-02T03:04:05Z"}""",
            """{"type":"RECORD","stream":"customers_pii","record":{"customer_id":1,"email":"ada@example.com","full_name":"Ada Lovelace"},"version":3,"time_extracted":"2024-01-02T03:04:05Z"}""",
            """{"type":"ACTIVATE_VERSION","stream":"customers","version":3}""",
            """{"type":"ACTIVATE_VERSION","stream":"customers_pii","version":3}""");
    }

    [Fact]
    public void Filter_DropsRecords_ItRejects()
    {
        var output = Run("""{"stream_maps": {"customers": {"__filter__": "email.endswith('@example.com')"}}}""", CustomersSchema, Ada, Bob);
        output.Should().HaveCount(2);
        output[1].Should().Contain("ada@example.com");
    }

    [Fact]
    public void NewProperties_AreTypedFromTheExpression()
    {
        var output = Run("""
            {"stream_maps": {"customers": {"__else__": null,
              "s": "str(customer_id)", "h": "sha256(email)", "i": "int(amount)", "n": "len(full_name)", "f": "float(amount)",
              "d": "amount * 2", "b": "amount > 5", "copy": "amount", "rec": "record", "dt": "datetime.date.fromisoformat('2020-01-02')",
              "maybe": "full_name if amount > 1 else None", "guess": "json.loads('[1]')", "kept": "email.lower()",
              "email": "email.lower()",
              "typed": {"expression": "amount * 100", "type": ["integer"], "minimum": 0}}}}
            """, CustomersSchema, Ada);
        var schema = (Dictionary<string, object?>)((Dictionary<string, object?>)SingerJson.Parse(output[0])!)["schema"]!;
        var properties = (Dictionary<string, object?>)schema["properties"]!;
        string Of(string name) => SingerJson.Serialize(properties[name]);
        Of("s").Should().Be("""{"type":["string","null"]}""");
        Of("h").Should().Be("""{"type":["string","null"]}""");
        Of("i").Should().Be("""{"type":["integer","null"]}""");
        Of("n").Should().Be("""{"type":["integer","null"]}""");
        Of("f").Should().Be("""{"type":["number","null"]}""");
        Of("d").Should().Be("""{"type":["number","null"]}""");
        Of("b").Should().Be("""{"type":["boolean","null"]}""");
        Of("copy").Should().Be("""{"type":"number"}""");
        Of("rec").Should().StartWith("""{"type":"object","properties":{"customer_id":""");
        Of("dt").Should().Be("""{"type":["string","null"],"format":"date"}""");
        Of("maybe").Should().Be("""{"type":["string","null"]}""");
        Of("guess").Should().Be("""{"type":["string","null"]}""", "Meltano's fallback for what cannot be told");
        Of("email").Should().Be("""{"type":["string","null"]}""", "a method on text gives text");
        Of("typed").Should().Be("""{"type":["integer"],"minimum":0}""");
        output[1].Should().Contain("\"dt\":\"2020-01-02\"").And.Contain("\"typed\":1025.00").And.Contain("\"f\":10.25").And.Contain("\"i\":10");
    }

    [Fact]
    public void RuntimeError_NamesStreamAndProperty()
    {
        var mapper = Mapper("""{"stream_maps": {"customers": {"n": "int(full_name)"}}}""");
        var parser = new Singer.Sdk.Serialization.SingerMessageParser();
        mapper.Map(parser.Parse(new System.Buffers.ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(CustomersSchema.ReplaceLineEndings(" "))), 1));
        FluentActions.Invoking(() => mapper.Map(parser.Parse(new System.Buffers.ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(Ada.ReplaceLineEndings(" "))), 2)))
            .Should().Throw<MapRuntimeException>()
            .WithMessage("stream 'customers': property 'n': stream map expression int(full_name) failed: ValueError: invalid literal for int() with base 10: 'Ada Lovelace'");
    }

    [Theory]
    [InlineData("""{"stream_maps": {"customers": {"x": "md5(email"}}}""", "stream_maps: stream 'customers': property 'x': column 10: ')' expected at the end: \"md5(email\"")]
    [InlineData("""{"stream_maps": {"customers": {"__filter__": "this should raise an er!ror"}}}""", "stream_maps: stream 'customers': property '__filter__': column 6: unexpected text near 'should raise…': \"this should raise an er!ror\"")]
    [InlineData("""{"stream_maps": {"__else__": "keep"}}""", "stream_maps: __else__ may only be null (drop the streams not listed), not \"keep\"")]
    [InlineData("""{"stream_maps": {"__bogus__": {}}}""", "stream_maps: '__bogus__' is not an option at the top level (only __else__ is)")]
    [InlineData("""{"stream_maps": {"customers": "drop"}}""", "stream_maps: stream 'customers': expected an object of property maps, or null to drop the stream, not \"drop\"")]
    [InlineData("""{"stream_maps": []}""", "config key 'stream_maps' must be an object, not a list")]
    [InlineData("""{"flattening_enabled": true}""", "config key 'flattening_max_depth' is required when 'flattening_enabled' is true")]
    [InlineData("""{"stream_maps": {"a": {"__source__": "b", "__alias__": "c"}}}""", "stream_maps: stream 'a': use __source__ (a new stream named 'a') or __alias__ (rename this stream), not both")]
    public void BadConfig_StopsAtStartUp(string config, string message) =>
        FluentActions.Invoking(() => Mapper(config)).Should().Throw<ConfigurationException>().WithMessage(message.Replace("*", "[*]", StringComparison.Ordinal))
            .Which.ExitCode.Should().Be(2);

    [Theory]
    [InlineData("""{"stream_maps": {"customers": {"x": "nosuch + 1"}}}""", "stream_maps: stream 'customers': property 'x': column 1: name 'nosuch' is not defined: the stream has no property 'nosuch': \"nosuch + 1\"")]
    [InlineData("""{"stream_maps": {"customers": {"customer_id": null}}}""", "stream_maps: stream 'customers': property 'customer_id' is a key property and cannot be removed; set __key_properties__ to the new keys (or to null for none) first")]
    [InlineData("""{"stream_maps": {"customers": {"__key_properties__": ["nope"]}}}""", "stream_maps: stream 'customers': key property 'nope' is not in the mapped stream's properties")]
    [InlineData("""{"stream_maps": {"customers": {"x": 5}}}""", "stream_maps: stream 'customers': property 'x': expected an expression (text), null, or an object with \"expression\" and a JSON Schema, not 5")]
    [InlineData("""{"stream_maps": {"customers": {"__alias__": " "}}}""", "stream_maps: stream 'customers': __alias__ must name a stream, not \" \"")]
    [InlineData("""{"stream_maps": {"customers": {"__alias__": "1 + 1"}}}""", "stream_maps: stream 'customers': __alias__ \"1 + 1\" must give a stream name (text), not 2")]
    [InlineData("""{"stream_maps": {"customers": {"__else__": "x"}}}""", "stream_maps: stream 'customers': __else__ may only be null (keep only the listed properties), not \"x\"")]
    public void BadMap_StopsAtTheStreamsSchema(string config, string message)
    {
        var mapper = Mapper(config);
        var schema = new Singer.Sdk.Serialization.SingerMessageParser().Parse(new System.Buffers.ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(CustomersSchema.ReplaceLineEndings(" "))), 1);
        FluentActions.Invoking(() => mapper.Map(schema)).Should().Throw<ConfigurationException>().WithMessage(message);
    }

    [Fact]
    public void TwoStreams_AliasedToOneName_AreRefused()
    {
        var orders = """{"type": "SCHEMA", "stream": "orders", "key_properties": [], "schema": {"properties": {"id": {"type": "integer"}}}}""";
        FluentActions.Invoking(() => Run("""{"stream_maps": {"orders": {"__alias__": "customers"}}}""", CustomersSchema, orders))
            .Should().Throw<ConfigurationException>().WithMessage("stream_maps: streams 'customers' and 'orders' both map to the stream 'customers'");
    }

    [Fact]
    public void State_PassesThroughUntouched()
    {
        Run("""{"stream_maps": {"*": null}}""", """{"type": "STATE", "value": {"a": 1.50}}""").Should().Equal("""{"type":"STATE","value":{"a":1.50}}""");
    }

    [Fact]
    public void Flattening_OpensObjectsToTheDepth_AndWritesDeeperOnesAsJson()
    {
        var output = Run("""{"flattening_enabled": true, "flattening_max_depth": 1}""",
            """
            {"type": "SCHEMA", "stream": "u", "key_properties": ["id"], "schema": {"properties": {"id": {"type": "integer"},
              "user": {"type": ["object", "null"], "properties": {"first_name": {"type": "string"}, "address": {"type": "object", "properties": {"city": {"type": "string"}}}}},
              "tags": {"type": "array", "items": {"type": "string"}}}}}
            """,
            """{"type": "RECORD", "stream": "u", "record": {"id": 1, "user": {"first_name": "Jane", "address": {"city": "Paris"}}, "tags": ["a", "b"]}}""");
        output.Should().Equal(
            """{"type":"SCHEMA","stream":"u","schema":{"properties":{"id":{"type":"integer"},"user__first_name":{"type":"string"},"user__address":{"type":"string"},"tags":{"type":"string"}}},"key_properties":["id"]}""",
            """{"type":"RECORD","stream":"u","record":{"id":1,"user__first_name":"Jane","user__address":"{\"city\":\"Paris\"}","tags":"[\"a\",\"b\"]"}}""");
    }

    [Fact]
    public void Flattening_AfterAMap()
    {
        var output = Run("""{"flattening_enabled": true, "flattening_max_depth": 2, "stream_maps": {"u": {"info": "json.loads(raw)", "raw": null}}}""",
            """{"type": "SCHEMA", "stream": "u", "key_properties": [], "schema": {"properties": {"raw": {"type": "string"}}}}""",
            """{"type": "RECORD", "stream": "u", "record": {"raw": "{\"a\": {\"b\": 1}}"}}""");
        output[0].Should().Be("""{"type":"SCHEMA","stream":"u","schema":{"properties":{"info":{"type":["string","null"]}}},"key_properties":[]}""");
        output[1].Should().Be("""{"type":"RECORD","stream":"u","record":{"info":"{\"a\":{\"b\":1}}"}}""");
    }
}
