namespace ShardML.Cli.Help;

/// <summary>The sections of a command's help, in the order they are shown: the algorithm's own options first.</summary>
internal enum OptionGroup
{
    Algorithm = 0,
    Privacy = 1,
    Data = 2,
    Output = 3,
    Cluster = 4,
    FaultTolerance = 5,
    General = 6,
}
