using Singer.Sdk;
using SingerRun;

return args.Length > 0 && args[0] == "state"
    ? await CommandLineRunner.RunAsync<StateOptions>(args[1..], StateCommand.RunAsync)
    : await CommandLineRunner.RunAsync<PipeOptions>(args, PipeCommand.RunAsync);
