using Parquet;
using Parquet.Schema;

namespace TargetS3;

/// <summary>A column of a value type (INT64, DOUBLE, BOOLEAN, DECIMAL, TIMESTAMP, DATE), nullable.</summary>
internal sealed class ParquetValueColumn<T> : ParquetColumn
    where T : struct
{
    private readonly Func<object, T> _convert;
    private readonly List<T?> _values = [];

    /// <param name="convert">Turns a non-null record value into the column's type; throws <see cref="FormatException"/> with the reason when it cannot, exactly.</param>
    public ParquetValueColumn(string stream, string name, DataField field, Func<object, T> convert)
        : base(stream, name)
    {
        Field = field;
        _convert = convert;
    }

    public override DataField Field { get; }

    public override void Add(object? value)
    {
        if (value is null)
        {
            _values.Add(null);
            return;
        }
        try
        {
            _values.Add(_convert(value));
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            throw Invalid(ex.Message);
        }
    }

    public override void RemoveLast() => _values.RemoveAt(_values.Count - 1);

    public override async Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken)
    {
        await rowGroup.WriteAsync<T>(Field, _values.ToArray(), null, null, cancellationToken);
        _values.Clear();
    }
}
