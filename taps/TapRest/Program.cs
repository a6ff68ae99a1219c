using Singer.Sdk;
using TapRest;

return await TapRunner.RunAsync(args, RestSettings.About, config => new RestTap(config));
