using Singer.Sdk;

namespace SingerRun.State;

/// <summary>
/// A state as Meltano stores it: <c>{"completed": {"singer_state": …}, "partial": {…}}</c>. What the next run starts
/// from is the partial state merged over the completed one, as <c>meltano state get</c> shows it.
/// </summary>
internal sealed record StoredState(Dictionary<string, object?> Completed, Dictionary<string, object?> Partial)
{
    public const string SingerStateKey = "singer_state";

    public static StoredState FromSingerState(Dictionary<string, object?> singerState) =>
        new(new Dictionary<string, object?> { [SingerStateKey] = singerState }, []);

    /// <summary>The state the next run starts from: partial merged over completed (Meltano's <c>json_merged</c>).</summary>
    public Dictionary<string, object?> Merged => StateMerger.Merge(Completed, Partial);

    /// <summary>The Singer state the tap is given, or null when none is stored.</summary>
    public Dictionary<string, object?>? SingerState => Merged.GetValueOrDefault(SingerStateKey) as Dictionary<string, object?>;

    public Dictionary<string, object?> ToJson() => new() { ["completed"] = Completed, ["partial"] = Partial };

    public static StoredState Parse(object? value, string where)
    {
        if (value is not Dictionary<string, object?> json)
        {
            throw new SingerException($"{where} is not a JSON object");
        }
        return new StoredState(Section(json, "completed", where), Section(json, "partial", where));
    }

    private static Dictionary<string, object?> Section(Dictionary<string, object?> json, string key, string where) =>
        json.GetValueOrDefault(key) switch
        {
            null => [],
            Dictionary<string, object?> section => section,
            _ => throw new SingerException($"{where}: \"{key}\" must be an object"),
        };
}
