using Singer.Sdk;
using TargetDuckDb;

return await TargetRunner.RunAsync(args, DuckDbSettings.About, config => new DuckDbTarget(config));
