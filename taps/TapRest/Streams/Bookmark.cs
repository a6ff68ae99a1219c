using System.Globalization;
using Singer.Sdk;

namespace TapRest.Streams;

/// <summary>
/// A stream's replication_key bookmark in the Meltano SDK's state shape
/// (<c>bookmarks.&lt;stream&gt;.replication_key</c> / <c>replication_key_value</c>), so a state file of theirs resumes
/// here. Starts from the state, else the stream's start_date; advances to the largest value seen (date-times compared
/// as instants, numbers as numbers, anything else as text).
/// </summary>
internal sealed class Bookmark
{
    private readonly string _stream;
    private readonly string _key;
    private readonly Dictionary<string, object?>? _context;

    /// <summary>A bookmark of a stream, or with <paramref name="context"/> of one partition of a child stream (per parent key).</summary>
    public Bookmark(string stream, string key, SingerState state, string? startDate, Dictionary<string, object?>? context = null)
    {
        _stream = stream;
        _key = key;
        _context = context;
        var saved = Saved(state, create: false);
        Start = saved?.GetValueOrDefault("replication_key") is string savedKey && savedKey != key
            ? startDate
            : saved?.GetValueOrDefault("replication_key_value") ?? startDate;
        if (saved?.GetValueOrDefault("replication_key") is string other && other != key)
        {
            Log.Warning($"stream '{stream}': the state's bookmark is for replication_key '{other}', not '{key}'; starting from start_date");
        }
        Max = Start;
    }

    public object? Start { get; }

    public object? Max { get; private set; }

    public void Observe(Dictionary<string, object?> record)
    {
        if (record.GetValueOrDefault(_key) is { } value && (Max is null || Compare(value, Max) > 0))
        {
            Max = value;
        }
    }

    public void WriteTo(SingerState state)
    {
        if (Max is null)
        {
            return;
        }
        var target = Saved(state, create: true)!;
        target["replication_key"] = _key;
        target["replication_key_value"] = Max;
    }

    /// <summary>
    /// The stream's bookmark object, or for a child its partition's, in the Meltano SDK's shape:
    /// <c>bookmarks.&lt;stream&gt;.partitions[] = {"context": {...}, "replication_key": ..., "replication_key_value": ...}</c>.
    /// </summary>
    private Dictionary<string, object?>? Saved(SingerState state, bool create)
    {
        if (_context is null)
        {
            if (create && state.StreamBookmarks(_stream) is null)
            {
                state.SetBookmark(_stream, "replication_key", _key);
            }
            return state.StreamBookmarks(_stream);
        }
        var marks = state.StreamBookmarks(_stream);
        if (marks?.GetValueOrDefault("partitions") is not List<object?> partitions)
        {
            if (!create)
            {
                return null;
            }
            partitions = [];
            state.SetBookmark(_stream, "partitions", partitions);
        }
        var key = SingerJson.Serialize(_context);
        var found = partitions.OfType<Dictionary<string, object?>>().FirstOrDefault(p => SingerJson.Serialize(p.GetValueOrDefault("context")) == key);
        if (found is null && create)
        {
            found = new Dictionary<string, object?>(StringComparer.Ordinal) { ["context"] = new Dictionary<string, object?>(_context, StringComparer.Ordinal) };
            partitions.Add(found);
        }
        return found;
    }

    /// <summary>
    /// The start value as theirs puts it into $last_run_date: a date-time as <c>%Y-%m-%dT%H:%M:%S</c> (its own clock
    /// time, no offset), anything else as its text.
    /// </summary>
    public string? LastRunDate => Start switch
    {
        null => null,
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) =>
            date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        string text => text,
        var other => Convert.ToString(other, CultureInfo.InvariantCulture),
    };

    private static int Compare(object left, object right)
    {
        if (left is string a && right is string b)
        {
            return DateTimeOffset.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.None, out var x)
                && DateTimeOffset.TryParse(b, CultureInfo.InvariantCulture, DateTimeStyles.None, out var y)
                ? x.CompareTo(y)
                : string.CompareOrdinal(a, b);
        }
        if (ExactNumber.TryDecompose(left, out var m) && ExactNumber.TryDecompose(right, out var n))
        {
            return ExactNumber.Compare(m, n); // exact at any size: 1e400, 39-digit keys
        }
        return string.CompareOrdinal(Convert.ToString(left, CultureInfo.InvariantCulture), Convert.ToString(right, CultureInfo.InvariantCulture));
    }
}
