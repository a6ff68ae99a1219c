namespace TargetPostgres.Tests;

public sealed class PostgresReservedNamingTests() : ReservedNamingTests(new PostgresDatabase());
