using System.Diagnostics;

namespace SingerMap.Tests;

public sealed class ForwardingTests
{
    [Fact]
    public async Task WithNothingConfigured_EveryMessageGoesOnInOrder_ValuesExact()
    {
        var input = new SingerStream()
            .Schema("a", """{"id": {"type": "integer"}, "n": {"type": "number"}}""", "id")
            .Schema("b", """{"s": {"type": "string"}}""")
            .Record("a", """{"id": 18446744073709551615, "n": 1.50}""", version: 3, timeExtracted: "2026-01-02T03:04:05.123456Z")
            .Record("b", """{"s": "é\"\\"}""")
            .State("""{"bookmarks": {"a": {"v": 1e-30}}}""")
            .ActivateVersion("a", 3);

        var result = await MapRun.RunAsync("{}", input.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Select(l => JsonNode.Parse(l)!.ToJsonString(MapRun.Relaxed)).Should().Equal(input.Lines.Select(l => JsonNode.Parse(l)!.ToJsonString(MapRun.Relaxed)));
        lines[2].Should().Contain("18446744073709551615").And.Contain("1.50");
        lines[4].Should().Contain("1e-30", "numbers are passed on as written");
    }

    [Fact]
    public async Task RecordBeforeItsSchema_FailsNamingLineAndStream()
    {
        var input = new SingerStream().Record("ghost", """{"id": 1}""");

        var result = await MapRun.RunAsync("{}", input.ToString());

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("line 1: RECORD for stream 'ghost' before its SCHEMA");
    }

    [Fact]
    public async Task BatchOfATransformedStream_Fails_OfAnUntouchedOnePasses()
    {
        var input = new SingerStream()
            .Schema("t", """{"id": {"type": "integer"}}""", "id")
            .Line("""{"type":"BATCH","stream":"t","encoding":{"format":"jsonl","compression":"gzip"},"manifest":["file:///tmp/x.jsonl.gz"]}""");

        var transformed = await MapRun.RunAsync("""{"dedupe": {"t": "first"}}""", input.ToString());
        var untouched = await MapRun.RunAsync("""{"dedupe": {"other": "first"}}""", input.ToString());

        transformed.ExitCode.Should().Be(1);
        transformed.Stderr.Should().Contain("line 2: stream 't': a BATCH message's records are in files singer-map does not read");
        untouched.ExitCode.Should().Be(0, untouched.Stderr);
        MapRun.Summary(untouched.Stdout).Should().Equal("SCHEMA t", "BATCH t");
    }

    [Fact]
    public async Task StreamMapsThenBuiltIns_ValidateSeesTheInput_MaskAndDedupeSeeTheMappedStream()
    {
        var dir = MapRun.TempDirectory();
        var rejects = Path.Combine(dir, "rejects.jsonl");
        var input = new SingerStream()
            .Schema("users", """{"id": {"type": "integer"}, "email": {"type": "string"}, "age": {"type": "integer"}}""", "id")
            .Record("users", """{"id": 1, "email": "A@X.org", "age": 30}""")
            .Record("users", """{"id": 2, "email": "b@y.org", "age": "old"}""")
            .Record("users", """{"id": 1, "email": "C@X.org", "age": 31}""");
        var config = $$$$"""
            {"stream_maps": {"users": {"__alias__": "people", "email": "email.lower()", "age": null, "decade": "age // 10"}},
             "validate": {"reject_file": "{{{{rejects}}}}"},
             "mask": {"people": {"email": {"redact": 5}}},
             "dedupe": {"people": "last"}}
            """;

        var result = await MapRun.RunAsync(config, input.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        MapRun.Summary(result.Stdout).Should().Equal("SCHEMA people", """RECORD {"id":1,"email":"**x.org","decade":3}""");
        (await File.ReadAllLinesAsync(rejects)).Should().ContainSingle().Which.Should().Contain("\"stream\":\"users\",\"field\":\"age\"");
    }

    [Fact]
    public async Task StreamMapsOnly_RecordsMappedFromTheirBytes_WriteTheLinesOfParsedRecords()
    {
        // A stream only the maps transform has its records mapped from their bytes as they are read; with validate on
        // (which needs the records parsed) the same stream takes the ordinary path. Both must write the same lines.
        var dir = MapRun.TempDirectory();
        var input = new SingerStream()
            .Schema("t", """{"id": {"type": "integer"}, "s": {"type": ["null", "string"]}, "n": {"type": ["null", "number"]}, "note": {"type": ["null", "string"]}, "o": {"type": ["null", "object"]}}""", "id")
            .Record("t", """{"id": 1, "s": "plain", "n": 1.50, "note": "x"}""", version: 3, timeExtracted: "2026-01-02T03:04:05.123456Z")
            .Record("t", """{"id": 2, "s": "dropped by the filter"}""")
            .Record("t", """{"id": 3, "s": "é\"\\\u00e9\/", "n": 1e-30, "o": {"k": [1, "two"]}}""")
            .Record("t", """{"id": 18446744073709551615, "s": null, "n": 12345678901234567890.123456789}""")
            .Record("t", """{ "s" : "spaced" , "id" : 5 , "id" : 6 }""")
            .State("""{"bookmarks": {"t": {"id": 6}}}""")
            .Schema("t", """{"id": {"type": "integer"}, "s": {"type": ["null", "string"]}, "n": {"type": ["null", "string"]}}""", "id")
            .Record("t", """{"id": 7, "s": "after a new SCHEMA", "n": "now text"}""");
        const string Maps = """{"stream_maps": {"t": {"__filter__": "id != 2", "h": "sha256(str(id))", "note": null, "s2": "s"}}""";
        var validate = """, "validate": {"streams": ["t"], "reject_file": """ + System.Text.Json.JsonSerializer.Serialize(Path.Combine(dir, "rejects.jsonl")) + "}}";

        var bytes = await MapRun.RunAsync(Maps + "}", input.ToString());
        var parsed = await MapRun.RunAsync(Maps + validate, input.ToString());

        bytes.ExitCode.Should().Be(0, bytes.Stderr);
        parsed.ExitCode.Should().Be(0, parsed.Stderr);
        bytes.Stdout.Should().Be(parsed.Stdout);
        MapRun.Summary(bytes.Stdout).Should().HaveCount(8, "SCHEMA, four records, STATE, SCHEMA, a record");
        bytes.Stdout.Should().Contain("""{"id":1,"s":"plain","n":1.50,"h":"6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b","s2":"plain"},"version":3""");
        bytes.Stdout.Should().Contain("""{"id":7,"s":"after a new SCHEMA","n":"now text","h":""");
        bytes.Stderr.Should().Contain("stream 't': 6 records in, 5 out, 0 rejected");
    }

    [Fact]
    public async Task UntransformedStream_RecordsRewrittenFromTheirBytes_WriteTheLinesOfParsedRecords()
    {
        // A stream nothing transforms has its records re-written from their bytes; with validate on it is parsed. The
        // same lines either way, for records the byte path takes and for those it leaves to parsing.
        var dir = MapRun.TempDirectory();
        var input = new SingerStream()
            .Schema("t", """{"id": {"type": "integer"}, "s": {"type": ["null", "string"]}, "n": {"type": ["null", "number"]}, "at": {"type": ["null", "string"], "format": "date-time"}, "o": {"type": ["null", "object"]}}""", "id")
            .Record("t", """{"id": 1, "s": "plain", "n": 1.50, "at": "2026-01-02T03:04:05.123456Z"}""", version: 3, timeExtracted: "2026-01-02T03:04:05.123456Z")
            .Record("t", """{"id": 2, "s": "é\"\\\u00e9\/<&>", "n": 1e-30, "o": {"k": [1, "two"]}, "extra": true}""")
            .Record("t", """{"id": 18446744073709551615, "s": null, "n": 12345678901234567890.123456789, "at": "2026-01-02 03:04:05+01:00"}""")
            .Record("t", """{ "s" : "spaced" , "id" : 5 , "id" : 6 }""")
            .State("""{"bookmarks": {"t": {"id": 6}}}""");

        var bytes = await MapRun.RunAsync("{}", input.ToString());
        var parsed = await MapRun.RunAsync("""{"validate": {"reject_file": """ + System.Text.Json.JsonSerializer.Serialize(Path.Combine(dir, "rejects.jsonl")) + "}}", input.ToString());

        bytes.ExitCode.Should().Be(0, bytes.Stderr);
        parsed.ExitCode.Should().Be(0, parsed.Stderr);
        bytes.Stdout.Should().Be(parsed.Stdout);
        MapRun.Summary(bytes.Stdout).Should().HaveCount(6, "SCHEMA, four records, STATE");
        bytes.Stdout.Should().Contain("""{"type":"RECORD","stream":"t","record":{"id":1,"s":"plain","n":1.50,"at":"2026-01-02T03:04:05.123456Z"},"version":3""");
        bytes.Stderr.Should().Contain("stream 't': 4 records in, 4 out, 0 rejected");
    }

    [Fact]
    public async Task AMapFailingOnARecord_StopsNamingLineStreamAndProperty_AfterPassingTheLinesBefore()
    {
        var input = new SingerStream()
            .Schema("t", """{"v": {"type": "string"}}""")
            .Record("t", """{"v": "1"}""")
            .Record("t", """{"v": "x"}""");

        var result = await MapRun.RunAsync("""{"stream_maps": {"t": {"n": "int(v)"}}}""", input.ToString());

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("line 3: stream 't': field 'n':");
        MapRun.Summary(result.Stdout).Should().Equal("SCHEMA t", """RECORD {"v":"1","n":1}""");
    }

    [Fact]
    public async Task UnknownConfigKey_Warns()
    {
        var result = await MapRun.RunAsync("""{"dedup": {"t": "first"}}""", "");

        result.Stderr.Should().Contain("dedup");
    }

    [Fact]
    public async Task StdoutSharedWithOtherWriters_NothingOverwritten()
    {
        // A regular file as stdout, shared with the shell's own writes and with stderr (2>&1): the output used to be
        // written at offsets of its own and overwrite (and be overwritten by) the other writers' lines.
        var dir = MapRun.TempDirectory();
        var config = Path.Combine(dir, "c.json");
        await File.WriteAllTextAsync(config, """{"dedupe": {"t": "first"}}""");
        var input = Path.Combine(dir, "in.jsonl");
        await File.WriteAllTextAsync(input, new SingerStream().Schema("t", """{"id": {"type": "integer"}}""", "id").Record("t", """{"id": 1}""").ToString());
        var output = Path.Combine(dir, "out.txt");
        var command = Executable.ShellCommand("singer-map", "--config", config, "--input", input);

        var shell = Process.Start("bash", ["-c", $"{{ echo first; {command}; echo last; }} > {Executable.ShellQuote(output)} 2>&1"])!;
        await shell.WaitForExitAsync();

        var lines = await File.ReadAllLinesAsync(output);
        lines[0].Should().Be("first");
        lines[1].Should().StartWith("""{"type":"SCHEMA","stream":"t",""");
        lines[2].Should().Be("""{"type":"RECORD","stream":"t","record":{"id":1}}""");
        lines[3].Should().Contain("stream 't': 1 records in, 1 out");
        lines[^1].Should().Be("last");
    }

    [Fact]
    public async Task AReaderThatCloses_FailsLoudly()
    {
        var dir = MapRun.TempDirectory();
        var config = Path.Combine(dir, "c.json");
        await File.WriteAllTextAsync(config, "{}");
        var input = new SingerStream().Schema("t", """{"id": {"type": "integer"}}""", "id");
        for (var i = 0; i < 200_000; i++)
        {
            input.Record("t", $$"""{"id": {{i}}}""");
        }
        var path = Path.Combine(dir, "in.jsonl");
        await File.WriteAllTextAsync(path, input.ToString());
        var command = Executable.ShellCommand("singer-map", "--config", config, "--input", path);

        var shell = Process.Start(new ProcessStartInfo("bash", ["-c", $"set -o pipefail; {command} | head -c 100 > /dev/null"]) { RedirectStandardError = true })!;
        var stderr = await shell.StandardError.ReadToEndAsync();
        await shell.WaitForExitAsync();

        shell.ExitCode.Should().Be(1);
        stderr.Should().Contain("CRITICAL output closed by the reader");
    }

    [Fact]
    public async Task ARecordGoesOnWhileTheInputIsStillOpen()
    {
        var dir = MapRun.TempDirectory();
        var config = Path.Combine(dir, "c.json");
        await File.WriteAllTextAsync(config, """{"mask": {"t": {"s": "null"}}}""");
        var start = Executable.StartInfo("singer-map");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var input = new SingerStream().Schema("t", """{"s": {"type": "string"}}""").Record("t", """{"s": "x"}""");
        await process.StandardInput.WriteAsync(input.ToString());
        await process.StandardInput.FlushAsync();

        // The input stays open: a filter that waited for a full buffer (or the end) would never answer.
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var schema = await process.StandardOutput.ReadLineAsync(wait.Token);
        var record = await process.StandardOutput.ReadLineAsync(wait.Token);
        process.StandardInput.Close();
        await process.WaitForExitAsync(wait.Token);

        schema.Should().StartWith("""{"type":"SCHEMA","stream":"t",""");
        record.Should().Be("""{"type":"RECORD","stream":"t","record":{"s":null}}""");
        process.ExitCode.Should().Be(0);
    }
}
