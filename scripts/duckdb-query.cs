#:package DuckDB.NET.Data.Full@1.5.6.1
#:property TreatWarningsAsErrors=false
#:property ManagePackageVersionsCentrally=false
// Runs one SQL statement against a DuckDB file and prints its result as a plain table: the demo's window
// into the warehouse and the benchmark's DuckDB floor (there is no duckdb CLI package on Debian).
// Usage: dotnet run scripts/duckdb-query.cs -- FILE "SQL"; with DUCKDB_QUERY_TIMING=1 the statement's own
// run time is printed on stderr as "elapsed_seconds N".
using DuckDB.NET.Data;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: dotnet run scripts/duckdb-query.cs -- FILE \"SQL\"");
    return 2;
}
using var connection = new DuckDBConnection($"Data Source={args[0]}");
connection.Open();
using var command = connection.CreateCommand();
command.CommandText = args[1];
var clock = System.Diagnostics.Stopwatch.StartNew();
using var reader = command.ExecuteReader();
if (Environment.GetEnvironmentVariable("DUCKDB_QUERY_TIMING") == "1")
{
    Console.Error.WriteLine($"elapsed_seconds {clock.Elapsed.TotalSeconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}");
}
var rows = new List<string[]> { Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray() };
while (reader.Read())
{
    rows.Add(Enumerable.Range(0, reader.FieldCount)
        .Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "")
        .ToArray());
}
var widths = Enumerable.Range(0, reader.FieldCount).Select(i => rows.Max(r => r[i].Length)).ToArray();
foreach (var row in rows)
{
    Console.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
}
return 0;
