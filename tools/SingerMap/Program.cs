using Singer.Sdk;
using SingerMap;

return await CommandLineRunner.RunAsync<TargetOptions>(args, MapCommand.RunAsync);
