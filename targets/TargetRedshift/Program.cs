using Singer.Sdk;
using TargetRedshift;

return await TargetRunner.RunAsync(args, RedshiftSettings.About, config => new RedshiftTarget(config));
