namespace ShardML.Algorithms.Tests.Support;

/// <summary>
/// One instance of every wire type of an algorithm (or of the shared ones), every member set to a value other than its
/// default: the catalog test round-trips each through the wire registry. Each algorithm's test folder has one.
/// </summary>
public interface IWireSamples
{
    IEnumerable<object> Samples();
}
