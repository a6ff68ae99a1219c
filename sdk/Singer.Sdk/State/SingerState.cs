namespace Singer.Sdk;

/// <summary>
/// A tap's bookmark state, shaped as singer-python writes it:
/// <c>{"currently_syncing": "db-table", "bookmarks": {"db-table": {"replication_key_value": ...}}}</c>.
/// Unknown top-level keys are kept.
/// </summary>
public sealed class SingerState
{
    public SingerState(Dictionary<string, object?>? value = null)
    {
        Value = value ?? new Dictionary<string, object?>(StringComparer.Ordinal);
    }

    /// <summary>The state object itself, as it is written to STATE messages and state files.</summary>
    public Dictionary<string, object?> Value { get; }

    public string? CurrentlySyncing
    {
        get => Value.GetValueOrDefault("currently_syncing") as string;
        set => Value["currently_syncing"] = value;
    }

    public object? GetBookmark(string tapStreamId, string key) =>
        StreamBookmarks(tapStreamId)?.GetValueOrDefault(key);

    public void SetBookmark(string tapStreamId, string key, object? value) =>
        EnsureStreamBookmarks(tapStreamId)[key] = value;

    public void ClearBookmark(string tapStreamId, string key) => StreamBookmarks(tapStreamId)?.Remove(key);

    /// <summary>Forgets everything about a stream (singer-python's reset_stream).</summary>
    public void ResetStream(string tapStreamId) =>
        EnsureBookmarks()[tapStreamId] = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>The bookmarks of one stream, or null when it has none.</summary>
    public Dictionary<string, object?>? StreamBookmarks(string tapStreamId) =>
        (Value.GetValueOrDefault("bookmarks") as Dictionary<string, object?>)?.GetValueOrDefault(tapStreamId) as Dictionary<string, object?>;

    /// <summary>A deep copy, so an emitted STATE never changes after it is written.</summary>
    public SingerState Snapshot() => new(StateMerger.DeepCopy(Value));

    private Dictionary<string, object?> EnsureStreamBookmarks(string tapStreamId)
    {
        var bookmarks = EnsureBookmarks();
        if (bookmarks.GetValueOrDefault(tapStreamId) is not Dictionary<string, object?> stream)
        {
            stream = new Dictionary<string, object?>(StringComparer.Ordinal);
            bookmarks[tapStreamId] = stream;
        }
        return stream;
    }

    private Dictionary<string, object?> EnsureBookmarks()
    {
        if (Value.GetValueOrDefault("bookmarks") is not Dictionary<string, object?> bookmarks)
        {
            bookmarks = new Dictionary<string, object?>(StringComparer.Ordinal);
            Value["bookmarks"] = bookmarks;
        }
        return bookmarks;
    }
}
