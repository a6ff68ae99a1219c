using Singer.Sdk;
using SingerRun;

return args.Length > 0 && args[0] == "state"
    ? await CommandLineRunner.RunAsync<StateOptions>(args[1..], StateCommand.RunAsync)
    : args.Length > 0 && args[0] == "run"
    ? await CommandLineRunner.RunAsync<RunOptions>(args[1..], RunCommand.RunAsync)
    : await CommandLineRunner.RunAsync<PipeOptions>(args, PipeCommand.RunAsync);
