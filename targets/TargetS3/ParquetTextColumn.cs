using Parquet;
using Parquet.Schema;
using Singer.Sdk;

namespace TargetS3;

/// <summary>
/// A UTF8 string column. A string field's strings are stored as they are; objects, arrays and fields of several types
/// are stored as JSON text, strings included (quoted), so a reader can parse every value of the column the same way.
/// </summary>
internal sealed class ParquetTextColumn : ParquetColumn
{
    private readonly List<string?> _values = [];
    private readonly bool _json;

    public ParquetTextColumn(string stream, string name, bool json)
        : base(stream, name)
    {
        _json = json;
        Field = new DataField<string>(name, nullable: true);
    }

    public override DataField Field { get; }

    public override void Add(object? value) => _values.Add(value switch
    {
        null => null,
        string text when !_json => text,
        _ => SingerJson.Serialize(value),
    });

    public override void RemoveLast() => _values.RemoveAt(_values.Count - 1);

    public override async Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await rowGroup.WriteAsync(Field, _values.ToArray());
        _values.Clear();
    }
}
