namespace ShardML.Cli.Help;

/// <summary>The sections of a command's help, in the order they are shown: the algorithm's own options first.</summary>
internal enum OptionGroup
{
    Algorithm = 0,
    Data = 1,
    Output = 2,
    Cluster = 3,
    FaultTolerance = 4,
    General = 5,
}
