using ShardML.Cli;

return await ShardCommandLine.RunAsync(args);
