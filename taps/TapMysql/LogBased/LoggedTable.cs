using System.Text.Json;
using Singer.Sdk;
using TapMysql.Binlog;
using TapMysql.Sync;

namespace TapMysql.LogBased;

/// <summary>
/// One LOG_BASED stream while the binlog is read: its bookmark, and how its rows are decoded and written
/// for the table layout the binlog is at (which changes when a DDL statement on the table goes by).
/// </summary>
internal sealed class LoggedTable : IDisposable
{
    private const int BatchRows = 256;
    private readonly RecordCounter _counter;

    /// <param name="layoutKnown">False when the state did not say which columns the table had at the bookmark (a Python tap's state).</param>
    public LoggedTable(StreamPlan plan, IReadOnlyList<string> layout, bool layoutKnown, BinlogPosition bookmark, long? version)
    {
        LayoutKnown = layoutKnown;
        Bookmark = bookmark;
        Version = version;
        EncodedStream = SingerWriter.Encode(plan.Stream);
        _counter = Metrics.RecordCounter(new Dictionary<string, string> { ["database"] = plan.Table.Database, ["table"] = plan.Table.Name });
        Plan = plan;
        Use(plan, layout);
    }

    public StreamPlan Plan { get; private set; }

    public string TapStreamId => Plan.TapStreamId;

    public string Database => Plan.Table.Database;

    public string Table => Plan.Table.Name;

    /// <summary>The table's column names, in order, as the binlog logs its rows now.</summary>
    public IReadOnlyList<string> Layout { get; private set; } = [];

    /// <summary>Whether <see cref="Layout"/> is known to be the one the rows were logged with (else it is the table's current one).</summary>
    public bool LayoutKnown { get; private set; }

    public BinlogPosition Bookmark { get; set; }

    public long? Version { get; }

    public JsonEncodedText EncodedStream { get; }

    public BinlogRowDecoder Decoder { get; private set; } = null!;

    public RecordEncoder Encoder { get; private set; } = null!;

    public RowBatch Batch { get; private set; } = null!;

    public void Count(int records) => _counter.Increment(records);

    /// <summary>
    /// Decodes rows logged with <paramref name="layout"/>: the plan's columns that the layout has (a column
    /// added since is absent from those rows' records; one dropped since is skipped by name).
    /// </summary>
    public void Use(StreamPlan plan, IReadOnlyList<string> layout)
    {
        LayoutKnown = LayoutKnown || Decoder is not null;
        Plan = plan;
        Layout = layout;
        var present = new HashSet<string>(layout, StringComparer.Ordinal);
        var columns = plan.Columns.Where(c => present.Contains(c.Name)).ToList();
        Decoder = new BinlogRowDecoder(columns, layout);
        Encoder = new RecordEncoder(plan.Stream, columns, plan.Keys.Where(k => present.Contains(k.Name)).ToList());
        Batch = new RowBatch(columns.Count, BatchRows);
    }

    public void Dispose() => _counter.Dispose();
}
