using System.Security.Cryptography;
using System.Text;

namespace SingerMap.Tests;

public sealed class MaskTests
{
    private static readonly SingerStream People = new SingerStream()
        .Schema("people", """
            {"id": {"type": "integer"}, "email": {"type": ["string", "null"], "format": "email", "maxLength": 20},
             "card": {"type": "string", "description": "card number"}, "age": {"type": "integer"}, "notes": {"type": "string"}}
            """, "id")
        .Record("people", """{"id": 1, "email": "ann@example.com", "card": "4111111111111111", "age": 42, "notes": "private"}""")
        .Record("people", """{"id": 2, "email": null, "card": "12", "age": 7, "notes": "x"}""");

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task HashRedactNull_ValuesAndSchemaRewritten()
    {
        var config = """
            {"mask_salt": "pepper",
             "mask": {"people": {"email": "hash", "age": "hash", "card": {"redact": 4}, "notes": "null"}}}
            """;

        var result = await MapRun.RunAsync(config, People.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        var messages = MapRun.Messages(result.Stdout);
        messages[0]["schema"]!["properties"]!.ToJsonString(MapRun.Relaxed).Should().Be(
            """{"id":{"type":"integer"},"email":{"type":["string","null"]},"card":{"type":"string","description":"card number"},"age":{"type":"string"},"notes":{"type":["string","null"]}}""");
        messages[1]["record"]!.ToJsonString(MapRun.Relaxed).Should().Be(
            $$"""{"id":1,"email":"{{Sha256("pepperann@example.com")}}","card":"************1111","age":"{{Sha256("pepper42")}}","notes":null}""");
        // Null stays null; a value no longer than the kept count is hidden whole.
        messages[2]["record"]!.ToJsonString(MapRun.Relaxed).Should().Be(
            $$"""{"id":2,"email":null,"card":"**","age":"{{Sha256("pepper7")}}","notes":null}""");
    }

    [Fact]
    public async Task Redact_CountsCharactersNotUtf16Units()
    {
        var input = new SingerStream()
            .Schema("t", """{"s": {"type": "string"}}""")
            .Record("t", """{"s": "😀😀😀ab"}""");

        var result = await MapRun.RunAsync("""{"mask": {"t": {"s": {"redact": 3}}}}""", input.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        MapRun.Messages(result.Stdout)[1]["record"]!["s"]!.GetValue<string>().Should().Be("**😀ab");
    }

    [Fact]
    public async Task HashWithoutSalt_StopsAtStartUp()
    {
        var result = await MapRun.RunAsync("""{"mask": {"people": {"email": "hash"}}}""", People.ToString());

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("mask: a 'hash' mask needs mask_salt (set it to \"\" to hash without a salt)");
    }

    [Fact]
    public async Task RedactingAKeyProperty_FailsNamingIt_HashingOneIsAllowed()
    {
        var redacted = await MapRun.RunAsync("""{"mask": {"people": {"id": "redact"}}}""", People.ToString());
        var hashed = await MapRun.RunAsync("""{"mask_salt": "", "mask": {"people": {"id": "hash"}}}""", People.ToString());

        redacted.ExitCode.Should().Be(1);
        redacted.Stderr.Should().Contain("line 1: stream 'people': mask 'redact' on key property 'id' would give different records the same key; hash it, or leave it unmasked");
        hashed.ExitCode.Should().Be(0, hashed.Stderr);
        MapRun.Messages(hashed.Stdout)[1]["record"]!["id"]!.GetValue<string>().Should().Be(Sha256("1"));
    }

    [Fact]
    public async Task UnknownAction_StopsAtStartUp()
    {
        var result = await MapRun.RunAsync("""{"mask": {"people": {"email": "scramble"}}}""", People.ToString());

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("mask: stream 'people', property 'email': expected \"hash\", \"null\", \"redact\" or {\"redact\": N} with N from 0 to 1000, not \"scramble\"");
    }

    [Fact]
    public async Task TheSaltNeverAppearsInLogs()
    {
        var result = await MapRun.RunAsync("""{"mask_salt": "s3cr3t-salt-value", "mask": {"people": {"nope": "hash"}}}""", People.ToString(), "--verbose");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().Contain("mask property 'nope' is not in its SCHEMA");
        (result.Stdout + result.Stderr).Should().NotContain("s3cr3t-salt-value");
    }
}
