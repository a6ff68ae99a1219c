namespace StandardTargetTests;

/// <summary>
/// The cases of the Meltano SDK's standard target tests (singer_sdk/testing/target_tests.py), each with what our
/// targets do: a warehouse (target-postgres, target-duckdb, target-redshift) keeps the last record of each key,
/// target-s3 keeps every record. Where the SDK expects success and we refuse, the case says so.
/// </summary>
public static class StandardCases
{
    public static IEnumerable<object[]> Names => All("postgres").Select(c => new object[] { c.Name });

    public static StandardCase For(string name, IStandardTarget target) => All(target.Name).Single(c => c.Name == name);

    private static string?[] R(params string?[] values) => values;

    private static IEnumerable<StandardCase> All(string target)
    {
        var upserts = target != "s3";
        yield return new("array_data", ["array_data"])
        {
            LastState = """{"std_arrays":4}""",
            Tables = [new("std_arrays", ["id", "colours"], [R("1", """["red","green"]"""), R("2", """["blue"]"""), R("3", "[]"), R("4", """["green","red","blue"]""")])],
        };
        yield return new("camelcase", ["camelcase"])
        {
            LastState = """{"StdCamelCase":"b2"}""",
            Tables = [new("StdCamelCase", ["RecordId", "displayName"], [R("a1", "Harbour Office"), R("b2", "Hill Depot")])],
        };
        yield return new("camelcase_complex_schema", ["camelcase_complex_schema"])
        {
            LastState = """{"StageToForecastBucket":"0Z2"}""",
            Tables = [new("StageToForecastBucket", ["Id", "IsActive", "CreatedDate", "OwnerId", "SortOrder"],
                [R("0Z1", "true", "2021-03-04T05:06:07.000000Z", "005A", "2"), R("0Z2", null, null, null, null)])],
        };
        yield return new("duplicate_records", ["duplicate_records"])
        {
            LastState = """{"std_duplicates":8}""",
            Tables = [new("std_duplicates", ["id", "reading"], upserts
                ? [R("7", "5"), R("8", "4")]
                : [R("7", "1"), R("8", "2"), R("7", "3"), R("8", "4"), R("7", "5")])],
        };
        yield return target switch
        {
            // PostgreSQL cannot store U+0000: sanitize_null_text_characters removes it (the default refuses the record).
            "postgres" => Strings("controls:  B \u0002 😀"),
            // Redshift's COPY would end the value at the NUL: the record is refused at its line (the ones before it load).
            "redshift" => new("encoded_string_data", ["encoded_string_data"])
            {
                ExitCode = 1,
                Error = "line 10: stream 'std_strings': field 'text': table 'std_strings': a value contains a NUL character (U+0000), which Redshift cannot load; "
                    + "remove it at the source or with a stream map",
            },
            _ => Strings("controls: \u0000 B \u0002 😀"),
        };
        yield return new("invalid_schema", ["invalid_schema"])
        {
            ExitCode = 1,
            Error = "line 1: stream 'std_invalid_schema': the SCHEMA has no 'properties' object, so no field of its records has a place",
        };
        yield return new("multiple_state_messages", ["multiple_state_messages"])
        {
            LastState = """{"std_states_left":3,"std_states_right":3}""",
            Tables =
            [
                new("std_states_left", ["id", "amount"], [R("1", "10"), R("2", "20"), R("3", "30")]),
                new("std_states_right", ["id", "amount"], [R("1", "11"), R("2", "22"), R("3", "33")]),
            ],
        };
        yield return new("no_primary_keys", ["no_primary_keys"])
        {
            LastState = """{"std_no_keys":3}""",
            Tables = [new("std_no_keys", ["id", "amount"], [R("1", "5"), R("2", "6"), R("1", "5")])],
        };
        yield return new("no_primary_keys_append", ["no_primary_keys", "no_primary_keys_append"])
        {
            LastState = """{"std_no_keys":5}""",
            Tables = [new("std_no_keys", ["id", "amount"], [R("1", "5"), R("2", "6"), R("1", "5"), R("1", "50"), R("3", "70")])],
        };
        yield return new("optional_attributes", ["optional_attributes"])
        {
            LastState = """{"std_optional":3}""",
            Tables = [new("std_optional", ["id", "note"], [R("1", "first note"), R("2", null), R("3", "third note")])],
        };
        yield return new("pk_updates", ["pk_updates"])
        {
            LastState = """{"std_key_change":2}""",
            Tables = [new("std_key_change", ["id", "login", "mail"], [R("1", "ann", "ann@example.org"), R("2", "ben", "ben@example.org")])],
        };
        yield return new("record_before_schema", ["record_before_schema"])
        {
            ExitCode = 1,
            Error = "line 1: RECORD for stream 'std_early' before its SCHEMA",
        };
        yield return new("record_missing_fields", ["record_missing_fields"])
        {
            LastState = "{}",
            Tables = [new("std_missing_fields", ["id", "comment", "score"], [R("1", "all there", "1.5"), R("2", null, null)])],
        };
        yield return upserts
            ? new("record_missing_key_property", ["record_missing_key_property"])
            {
                ExitCode = 1,
                LastState = """{"std_missing_key":1}""",
                Error = "line 4: stream 'std_missing_key': key property 'id' is missing",
                Tables = [new("std_missing_key", ["id", "amount"], [R("1", "9")])],
            }
            : new("record_missing_key_property", ["record_missing_key_property"])
            {
                // Files need no key: target-s3 keeps the record, where the SDK expects a refusal.
                LastState = """{"std_missing_key":2}""",
                Tables = [new("std_missing_key", ["id", "amount"], [R("1", "9"), R(null, "10")])],
            };
        yield return new("record_missing_required_property", ["record_missing_required_property"])
        {
            // Stricter than the SDK, which loads it: a record is checked against its schema's "required".
            ExitCode = 1,
            LastState = """{"std_missing_required":1}""",
            Error = "line 4: stream 'std_missing_required': field 'id': required field is missing",
            Tables = [new("std_missing_required", ["id", "amount"], [R("1", "9")])],
        };
        yield return new("schema_no_properties", ["schema_no_properties"])
        {
            LastState = """{"std_object_untyped":2}""",
            Tables =
            [
                new("std_object_typed", ["payload"], [R("""{"id":1,"size":12}"""), R("""{"id":2,"size":34}""")]),
                new("std_object_untyped", ["payload"], [R("""{"id":1,"size":56}"""), R("""{"id":2,"tags":["x"]}""")]),
            ],
        };
        yield return new("schema_updates", ["schema_updates"])
        {
            LastState = """{"std_evolving":4}""",
            Tables = [new("std_evolving", ["id", "b1", "b2", "b3", "b4", "b5", "b6"],
            [
                R("1", "1.25", "one", null, null, null, null),
                R("2", "2.5", "two", "true", null, null, null),
                R("3", "3", "three", "false", """{"k":3}""", """["c"]""", null),
                R("4", "4", "four", "true", """{"k":4}""", """["d","e"]""", "44"),
            ])],
        };
        yield return new("special_chars_in_attributes", ["special_chars_in_attributes"])
        {
            LastState = """{"std:Odd!names?here":"k-01"}""",
            Tables = [new("std:Odd!names?here", ["_key", "meta"], [R("k-01", """{"zone":"eu","client:kind":"tablet","client:os:release":"17.2"}""")])],
        };
        yield return new("user_location_data", ["user_location_data"])
        {
            LastState = """{"std_people":3,"std_places":2,"std_visits":2}""",
            Tables =
            [
                new("std_people", ["id", "name"], [R("1", "Ada"), R("2", "Grace"), R("3", "Edsger")]),
                new("std_places", ["id", "name"], [R("1", "Lisbon"), R("2", "Oslo")]),
                new("std_visits", ["id", "person_id", "place_id", "detail"],
                    [R("1", "1", "2", """{"sky":"grey","feeling":"calm"}"""), R("2", "3", "1", """{"sky":"blue","feeling":"glad"}""")]),
            ],
        };
        yield return new("user_location_upsert_data", ["user_location_data", "user_location_upsert_data"])
        {
            LastState = """{"std_people":4,"std_places":1,"std_visits":3}""",
            Tables = upserts
                ?
                [
                    new("std_people", ["id", "name"], [R("1", "Ada"), R("2", "Grace H."), R("3", "Edsger"), R("4", "Barbara")]),
                    new("std_places", ["id", "name"], [R("1", "Lisboa"), R("2", "Oslo")]),
                    new("std_visits", ["id", "person_id", "place_id", "detail"],
                    [
                        R("1", "1", "2", """{"sky":"grey","feeling":"calm"}"""), R("2", "3", "1", """{"sky":"rain","feeling":"glad"}"""),
                        R("3", "4", "2", """{"sky":"snow","feeling":"cold"}"""),
                    ]),
                ]
                :
                [
                    new("std_people", ["id", "name"], [R("1", "Ada"), R("2", "Grace"), R("3", "Edsger"), R("2", "Grace H."), R("4", "Barbara")]),
                    new("std_places", ["id", "name"], [R("1", "Lisbon"), R("2", "Oslo"), R("1", "Lisboa")]),
                    new("std_visits", ["id", "person_id", "place_id", "detail"],
                    [
                        R("1", "1", "2", """{"sky":"grey","feeling":"calm"}"""), R("2", "3", "1", """{"sky":"blue","feeling":"glad"}"""),
                        R("2", "3", "1", """{"sky":"rain","feeling":"glad"}"""), R("3", "4", "2", """{"sky":"snow","feeling":"cold"}"""),
                    ]),
                ],
        };
    }

    /// <summary>encoded_string_data loaded, its last value as the destination keeps it.</summary>
    private static StandardCase Strings(string controls) => new("encoded_string_data", ["encoded_string_data"])
    {
        LastState = """{"std_strings":9}""",
        Tables = [new("std_strings", ["id", "text"],
        [
            R("1", "plain text 4711"), R("2", "Καλημέρα κόσμε"), R("3", "你好，世界"), R("4", "déjà vu à Noël"),
            R("5", "she said \"yes\""), R("6", "back\\slash / tab\there\nnew line"), R("7", "BéƤ"),
            R("8", "escaped twice: \\u0000 \\u0042"), R("9", controls),
        ])],
    };
}
