namespace Warehouse;

/// <summary>
/// The columns of a staging table for row-by-row loads. A NUMERIC column is staged natively (decimal)
/// with a text twin for the rare value too wide for System.Decimal, so a batch never has to be re-typed
/// midway; <c>_sdc_seq</c> numbers the rows so the merge keeps the last record of each key.
/// </summary>
public sealed class StageLayout
{
    public const string Sequence = "_sdc_seq";
    public const string TextSuffix = "__text";

    public StageLayout(TableShape shape, Func<SqlType, SqlType> stageType)
    {
        Shape = shape;
        StageTypes = shape.Columns.Select(c => stageType(c.Type)).ToList();
        FieldCount = shape.Columns.Count + shape.Columns.Count(HasTextTwin) + 1;
    }

    public TableShape Shape { get; }

    /// <summary>Per table column, the type it has in the stage.</summary>
    public IReadOnlyList<SqlType> StageTypes { get; }

    /// <summary>Stage columns per row: every column, the text twins, and the sequence.</summary>
    public int FieldCount { get; }

    public static bool HasTextTwin(WarehouseColumn column) => column.Type.Kind == SqlKind.Numeric;

    /// <summary>Stage column definitions, in write order: each column (and its text twin), then the sequence.</summary>
    public IEnumerable<(string Name, SqlType Type)> Columns()
    {
        for (var i = 0; i < Shape.Columns.Count; i++)
        {
            yield return (Shape.Columns[i].Name, StageTypes[i]);
            if (HasTextTwin(Shape.Columns[i]))
            {
                yield return (Shape.Columns[i].Name + TextSuffix, SqlType.Text);
            }
        }
        yield return (Sequence, SqlType.BigInt);
    }

    /// <summary>
    /// The statements that move the stage into the table inside the load's transaction: delete the
    /// batch's keys, insert the last record of each key (every record when there are no keys), and with
    /// hard_delete drop rows marked deleted. With <paramref name="upsert"/> (the table has a unique index on
    /// exactly its keys, and the database takes INSERT … ON CONFLICT) one insert replaces rows in place: the
    /// delete joins the stage against the whole table, so its cost grew with the table, batch after batch.
    /// The table's columns the stream no longer has (<paramref name="otherColumns"/>) are then set to their
    /// default, as a deleted and re-inserted row would have them.
    /// </summary>
    public IEnumerable<string> MergeSql(
        SqlDialect dialect, string target, string stage, bool hardDelete, bool keysMayRepeat = true, bool upsert = false, IReadOnlyList<string>? otherColumns = null)
    {
        var q = dialect.Quote;
        var columns = string.Join(", ", Shape.Columns.Select(c => q(c.Name)));
        var values = string.Join(", ", Shape.Columns.Select((c, i) => ValueExpression(dialect, c, StageTypes[i])));
        var source = Shape.Keys.Count > 0 && keysMayRepeat ? LastPerKey(dialect, stage) : stage;
        if (Shape.Keys.Count == 0)
        {
            yield return $"INSERT INTO {target} ({columns}) SELECT {values} FROM {stage}";
        }
        else if (upsert)
        {
            var keys = string.Join(", ", Shape.Keys.Select(q));
            var others = Shape.Columns.Where(c => !Shape.Keys.Contains(c.Name)).Select(c => $"{q(c.Name)} = EXCLUDED.{q(c.Name)}")
                .Concat((otherColumns ?? []).Select(c => $"{q(c)} = DEFAULT"))
                .ToList();
            var action = others.Count == 0 ? "DO NOTHING" : "DO UPDATE SET " + string.Join(", ", others);
            yield return $"INSERT INTO {target} ({columns}) SELECT {values} FROM {source} ON CONFLICT ({keys}) {action}";
        }
        else
        {
            // A NUMERIC key too wide for decimal is staged in its text twin (the native column NULL), so keys
            // are matched and ranked by their value: on the native column alone such keys never matched a
            // row and all ranked as one NULL key, losing every record of them but one.
            var match = string.Join(" AND ", KeyColumns().Select(p => $"{target}.{q(p.Column.Name)} = {ValueExpression(dialect, p.Column, StageTypes[p.Index], stage)}"));
            yield return $"DELETE FROM {target} USING {stage} WHERE {match}";
            yield return $"INSERT INTO {target} ({columns}) SELECT {values} FROM {source}";
        }
        if (hardDelete)
        {
            yield return $"DELETE FROM {target} WHERE {q("_sdc_deleted_at")} IS NOT NULL";
        }
    }

    /// <summary>The stage with only the last record (highest sequence) of each key, under the stage's own name.</summary>
    private string LastPerKey(SqlDialect dialect, string stage)
    {
        var keys = string.Join(", ", KeyColumns().Select(p => ValueExpression(dialect, p.Column, StageTypes[p.Index])));
        return $"(SELECT *, ROW_NUMBER() OVER (PARTITION BY {keys} ORDER BY {dialect.Quote(Sequence)} DESC) AS _sdc_rank FROM {stage}) AS {stage}" +
            " WHERE _sdc_rank = 1";
    }

    private IEnumerable<(WarehouseColumn Column, int Index)> KeyColumns() =>
        Shape.Keys.Select(k => Shape.Columns.Select((c, i) => (Column: c, Index: i)).First(p => p.Column.Name == k));

    /// <summary>A column's value read from the stage; <paramref name="stage"/> qualifies the names where the table's would clash.</summary>
    private static string ValueExpression(SqlDialect dialect, WarehouseColumn column, SqlType stageType, string? stage = null)
    {
        var prefix = stage is null ? "" : stage + ".";
        var name = prefix + dialect.Quote(column.Name);
        var typeName = dialect.TypeName(column.Type);
        var value = stageType == column.Type ? name : $"CAST({name} AS {typeName})";
        return HasTextTwin(column) ? $"COALESCE({value}, CAST({prefix}{dialect.Quote(column.Name + TextSuffix)} AS {typeName}))" : value;
    }
}
