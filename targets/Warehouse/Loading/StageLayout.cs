namespace Warehouse;

/// <summary>
/// The columns of a staging table for row-by-row loads. A NUMERIC column is staged natively (decimal)
/// with a text twin for the rare value too wide for System.Decimal, so a batch never has to be re-typed
/// midway; a sequence column numbers the rows so the merge keeps the last record of each key.
/// </summary>
/// <remarks>
/// Every name the load makes up itself (the sequence, the rank, the twins, the stage) holds a space: a property's
/// column is made of a-z, 0-9 and _ only (see <see cref="Naming"/>), so no source can name a column that shadows
/// one of them. Named after a column, a twin was both claimable (a property "amount__text") and, past 63 bytes,
/// cut back by PostgreSQL to its column's own name; numbered by position it is neither.
/// </remarks>
public sealed class StageLayout
{
    public const string Sequence = "_sdc seq";

    /// <summary>The rank of a record among its key's records in the batch (1 is the last sent).</summary>
    public const string Rank = "_sdc rank";

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

    /// <summary>The stage column holding, as text, the values of the column at <paramref name="index"/> too wide for a decimal.</summary>
    public static string TwinName(int index) => $"_sdc text {index}";

    /// <summary>The text twin of one of the layout's columns.</summary>
    public string TwinOf(WarehouseColumn column)
    {
        for (var i = 0; i < Shape.Columns.Count; i++)
        {
            if (ReferenceEquals(Shape.Columns[i], column))
            {
                return TwinName(i);
            }
        }
        throw new ArgumentException($"column '{column.Name}' is not in the layout", nameof(column));
    }

    /// <summary>The name of a table's stage (a temporary table or view, never in a user's schema), within 63 bytes.</summary>
    public static string StageName(string table)
    {
        var name = "_sdc stage " + table; // table names are normalised: one byte per character
        return name.Length > Naming.MaxLength ? name[..Naming.MaxLength] : name;
    }

    /// <summary>Stage column definitions, in write order: each column (and its text twin), then the sequence.</summary>
    public IEnumerable<(string Name, SqlType Type)> Columns()
    {
        for (var i = 0; i < Shape.Columns.Count; i++)
        {
            yield return (Shape.Columns[i].Name, StageTypes[i]);
            if (HasTextTwin(Shape.Columns[i]))
            {
                yield return (TwinName(i), SqlType.Text);
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
    /// <param name="insertOnly">The batch's keys are known not to repeat and the caller expects none of them in the table: a plain
    /// insert, which a key already there fails (PostgreSQL's upsert costs about twice a plain insert per row).</param>
    public IEnumerable<string> MergeSql(
        SqlDialect dialect, string target, string stage, bool hardDelete, bool keysMayRepeat = true, bool upsert = false, IReadOnlyList<string>? otherColumns = null,
        bool insertOnly = false)
    {
        var q = dialect.Quote;
        var columns = string.Join(", ", Shape.Columns.Select(c => q(c.Name)));
        var values = string.Join(", ", Shape.Columns.Select((_, i) => ValueExpression(dialect, i)));
        var source = Shape.Keys.Count > 0 && keysMayRepeat ? LastPerKey(dialect, stage) : stage;
        if (insertOnly && keysMayRepeat)
        {
            throw new ArgumentException("a plain insert needs a batch whose keys do not repeat", nameof(insertOnly));
        }
        if (Shape.Keys.Count == 0 || insertOnly)
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
            var match = string.Join(" AND ", KeyColumns().Select(p => $"{target}.{q(p.Column.Name)} = {ValueExpression(dialect, p.Index, stage)}"));
            yield return $"DELETE FROM {target} USING {stage} WHERE {match}";
            yield return $"INSERT INTO {target} ({columns}) SELECT {values} FROM {source}";
        }
        if (hardDelete)
        {
            yield return HardDeleteSql(dialect, target);
        }
    }

    /// <summary>hard_delete: the rows a batch marked deleted are dropped once it is in the table.</summary>
    public static string HardDeleteSql(SqlDialect dialect, string target) => $"DELETE FROM {target} WHERE {dialect.Quote("_sdc_deleted_at")} IS NOT NULL";

    /// <summary>
    /// Per stage field, in write order (see <see cref="Columns"/>): true for a table column, false for a twin or the
    /// sequence (whose names hold a space, which no column's does).
    /// </summary>
    public bool[] TableFields() => Columns().Select(c => Shape.HasColumn(c.Name)).ToArray();

    /// <summary>
    /// A query answering whether any key has more than one record in the stage (true or false), keys compared as the
    /// merge ranks them; null when the table has no keys. Grouping a batch by key costs a small part of ranking it.
    /// </summary>
    public string? KeysRepeatSql(SqlDialect dialect, string stage) => Shape.Keys.Count == 0
        ? null
        : $"SELECT EXISTS (SELECT 1 FROM {stage} GROUP BY {string.Join(", ", KeyColumns().Select(p => ValueExpression(dialect, p.Index)))} HAVING count(*) > 1)";

    /// <summary>The stage with only the last record (highest sequence) of each key, under the stage's own name.</summary>
    private string LastPerKey(SqlDialect dialect, string stage)
    {
        var keys = string.Join(", ", KeyColumns().Select(p => ValueExpression(dialect, p.Index)));
        var rank = dialect.Quote(Rank);
        return $"(SELECT *, ROW_NUMBER() OVER (PARTITION BY {keys} ORDER BY {dialect.Quote(Sequence)} DESC) AS {rank} FROM {stage}) AS {stage}" +
            $" WHERE {rank} = 1";
    }

    private IEnumerable<(WarehouseColumn Column, int Index)> KeyColumns() =>
        Shape.Keys.Select(k => Shape.Columns.Select((c, i) => (Column: c, Index: i)).First(p => p.Column.Name == k));

    /// <summary>A column's value read from the stage; <paramref name="stage"/> qualifies the names where the table's would clash.</summary>
    private string ValueExpression(SqlDialect dialect, int index, string? stage = null)
    {
        var column = Shape.Columns[index];
        var prefix = stage is null ? "" : stage + ".";
        var name = prefix + dialect.Quote(column.Name);
        var typeName = dialect.TypeName(column.Type);
        var value = StageTypes[index] == column.Type ? name : $"CAST({name} AS {typeName})";
        return HasTextTwin(column) ? $"COALESCE({value}, CAST({prefix}{dialect.Quote(TwinName(index))} AS {typeName}))" : value;
    }
}
