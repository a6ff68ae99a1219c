using Singer.Sdk;
using TargetPostgres;

return await TargetRunner.RunAsync(args, PostgresSettings.About, config => new PostgresTarget(config));
