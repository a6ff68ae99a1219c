using Singer.Sdk;
using SingerCheck;

return await CommandLineRunner.RunAsync<CheckOptions>(args, CheckCommand.RunAsync);
