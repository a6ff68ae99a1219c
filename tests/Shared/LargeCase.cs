using System.Globalization;
using System.Text;

namespace SingerNet.Tests;

/// <summary>
/// The large cases of the bad-input corpus, written once per test process into a temporary folder: the corpus's good
/// prefix (stream <c>good</c>, ids 1 and 2, their STATE), then the large part, then record 3 and its STATE.
/// </summary>
public static class LargeCase
{
    private static readonly string Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "singernet-large-" + Environment.ProcessId);
    private static readonly Lock Gate = new();

    // 120 MB a test process: gone when it ends.
    static LargeCase() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    };

    private const string Prefix = """
        {"type":"SCHEMA","stream":"good","schema":{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":["null","string"]}}},"key_properties":["id"]}
        {"type":"RECORD","stream":"good","record":{"id":1,"name":"a"}}
        {"type":"RECORD","stream":"good","record":{"id":2,"name":"b"}}
        {"type":"STATE","value":{"bookmarks":{"good":{"id":2}}}}

        """;

    private const string Record3 = """{"type":"RECORD","stream":"good","record":{"id":3,"name":"c"}}""" + "\n";
    private const string State3 = """{"type":"STATE","value":{"bookmarks":{"good":{"id":3}}}}""" + "\n";

    public static string Path(string name)
    {
        var path = System.IO.Path.Combine(Folder, name + ".singer");
        lock (Gate)
        {
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Folder);
                using var file = new StreamWriter(path + ".tmp", append: false, new UTF8Encoding(false));
                file.Write(Prefix);
                Write(file, name);
                file.Write(State3);
                file.Close();
                File.Move(path + ".tmp", path);
            }
        }
        return path;
    }

    private static void Write(StreamWriter file, string name)
    {
        switch (name)
        {
            case "line-100mb":
                // Record 3 itself is the 100 MB line.
                file.Write("""{"type":"RECORD","stream":"good","record":{"id":3,"name":" """.TrimEnd());
                file.Write(new string('x', 100 * 1024 * 1024));
                file.Write("\"}}\n");
                return;
            case "columns-1000":
                var columns = Enumerable.Range(0, 1000).Select(i => $"c{i:D4}").ToList();
                file.Write("""{"type":"SCHEMA","stream":"wide","schema":{"type":"object","properties":{"id":{"type":"integer"},""");
                file.Write(string.Join(",", columns.Select(c => $$"""
                    "{{c}}":{"type":["null","string"]}
                    """)));
                file.Write("}},\"key_properties\":[\"id\"]}\n");
                file.Write("""{"type":"RECORD","stream":"wide","record":{"id":1,""");
                file.Write(string.Join(",", columns.Select(c => $"\"{c}\":\"v{c}\"")));
                file.Write("}}\n");
                break;
            case "streams-500":
                for (var i = 0; i < 500; i++)
                {
                    file.Write("{\"type\":\"SCHEMA\",\"stream\":\"s" + i.ToString("D3", CultureInfo.InvariantCulture) + "\",\"schema\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}},\"key_properties\":[\"id\"]}\n");
                    file.Write($$$"""{"type":"RECORD","stream":"s{{{i:D3}}}","record":{"id":{{{i}}}}}""" + "\n");
                }
                break;
            case "schema-repeated-100000":
                var schema = Prefix[..(Prefix.IndexOf('\n', StringComparison.Ordinal) + 1)];
                for (var i = 0; i < 100_000; i++)
                {
                    file.Write(schema);
                }
                break;
            default:
                throw new ArgumentException($"no large case '{name}'", nameof(name));
        }
        file.Write(Record3);
    }
}
