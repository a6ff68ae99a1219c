using System.Globalization;
using Singer.Sdk;

namespace TapRest.Streams;

/// <summary>
/// A stream's replication_key bookmark in the Meltano SDK's state shape
/// (<c>bookmarks.&lt;stream&gt;.replication_key</c> / <c>replication_key_value</c>), so a state file of theirs resumes
/// here. Starts from the state, else the stream's start_date; advances to the largest value seen (date-times compared
/// as instants, numbers as numbers, anything else as text). During a stream, as the Meltano SDK does: a sorted stream
/// (is_sorted) moves the bookmark itself after each page, since everything before it has been read; an unsorted one
/// keeps its progress apart, in <c>progress_markers</c>, which a resumed run ignores, and promotes it at the end.
/// </summary>
internal sealed class Bookmark
{
    private readonly string _stream;
    private readonly string _key;
    private readonly Dictionary<string, object?>? _context;
    private readonly bool _sorted;

    /// <summary>The Meltano SDK's words in every unsorted stream's progress_markers.</summary>
    private const string ProgressNote = "Progress is not resumable if interrupted.";

    /// <summary>The largest value read in this run (the SDK's progress marker); a sorted stream's records never go below it.</summary>
    private object? _seen;

    /// <summary>The value the state started this stream from (not start_date): a sorted stream's records may not go below it.</summary>
    private readonly object? _savedValue;

    /// <summary>A bookmark of a stream, or with <paramref name="context"/> of one partition of a child stream (per parent key).</summary>
    public Bookmark(string stream, string key, SingerState state, string? startDate, Dictionary<string, object?>? context = null, bool sorted = false)
    {
        _stream = stream;
        _key = key;
        _context = context;
        _sorted = sorted;
        var saved = Saved(state, create: false);
        // Markers left by a killed run are not resumable (the SDK drops them too): the finalised value is the start.
        saved?.Remove("progress_markers");
        _savedValue = saved?.GetValueOrDefault("replication_key") is string savedKey && savedKey != key ? null : saved?.GetValueOrDefault("replication_key_value");
        Start = _savedValue ?? startDate;
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
        if (record.GetValueOrDefault(_key) is not { } value)
        {
            return;
        }
        var floor = _sorted ? _seen ?? _savedValue : null;
        if (floor is not null && Compare(value, floor) < 0)
        {
            throw new SingerException($"stream '{_stream}' is_sorted, but a record's {_key} '{Text(value)}' is smaller than the one before, '{Text(floor)}'; "
                + "the last STATE written is still safe to resume from (set is_sorted false if the API does not return records in that order)");
        }
        if (_seen is null || Compare(value, _seen) > 0)
        {
            _seen = value;
        }
        if (Max is null || Compare(value, Max) > 0)
        {
            Max = value;
        }
    }

    /// <summary>
    /// After a page: a sorted stream's bookmark moves to the largest value so far (safe: nothing before it is unread); an
    /// unsorted stream's progress goes into progress_markers, in the Meltano SDK's shape, and its bookmark stays.
    /// </summary>
    public void WriteProgressTo(SingerState state)
    {
        if (_sorted)
        {
            WriteTo(state);
            return;
        }
        if (_seen is null)
        {
            return;
        }
        Saved(state, create: true)!["progress_markers"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Note"] = ProgressNote,
            ["replication_key"] = _key,
            ["replication_key_value"] = _seen,
        };
    }

    /// <summary>At the stream's end: the bookmark is the largest value seen (never below where it started); markers go.</summary>
    public void WriteTo(SingerState state)
    {
        Saved(state, create: false)?.Remove("progress_markers");
        if (Max is null)
        {
            return;
        }
        var target = Saved(state, create: true)!;
        target["replication_key"] = _key;
        target["replication_key_value"] = Max;
    }

    private static string Text(object value) => value as string ?? SingerJson.Serialize(value);

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
                // An empty object, as the Meltano SDK starts one: progress_markers may be all it gets for now.
                state.SetBookmark(_stream, "replication_key", _key);
                state.ClearBookmark(_stream, "replication_key");
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
