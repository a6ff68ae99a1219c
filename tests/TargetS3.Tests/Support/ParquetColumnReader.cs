using Parquet;

namespace TargetS3.Tests.Support;

/// <summary>Reads one column of a whole Parquet file (every row group, in order) with Parquet.Net.</summary>
internal static class ParquetColumnReader
{
    public static async Task<T?[]> ReadAsync<T>(byte[] file, string name)
        where T : struct
    {
        using var stream = new MemoryStream(file);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var field = reader.Schema.DataFields.Single(f => f.Name == name);
        var values = new List<T?>();
        for (var i = 0; i < reader.RowGroupCount; i++)
        {
            using var rowGroup = reader.OpenRowGroupReader(i);
            var chunk = new T?[rowGroup.RowCount];
            await rowGroup.ReadAsync<T>(field, chunk.AsMemory());
            values.AddRange(chunk);
        }
        return [.. values];
    }
}
