using Singer.Sdk;
using TapMysql;

return await TapRunner.RunAsync(args, MysqlSettings.About, config => new MysqlTap(config));
