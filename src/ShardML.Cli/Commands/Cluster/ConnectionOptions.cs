using System.CommandLine;
using ShardML.Runtime;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Security;

using ShardML.Cli.Help;

namespace ShardML.Cli.Commands.Cluster;

/// <summary>
/// How a command reaches a cluster: <c>--cluster</c> (a membership URI; without it, the embedded silo), the cluster
/// id, and the certificates for mutual TLS, which is on unless <c>--insecure</c> says otherwise.
/// </summary>
internal sealed class ConnectionOptions
{
    public Option<string?> Cluster { get; } = new Option<string?>("--cluster")
    {
        Description = "Run on a running cluster found through its membership store: redis://HOST:PORT or postgres://USER@HOST:PORT/DB (default: an embedded silo in this process)",
    };

    public Option<string> ClusterId { get; } = new Option<string>("--cluster-id") { Description = "The cluster's id", DefaultValueFactory = _ => ClusterConnection.DefaultClusterId };

    public Option<DirectoryInfo?> Certificates { get; } = new Option<DirectoryInfo?>("--certs")
    {
        Description = "Directory with the cluster's ca.crt and this node's NAME.crt and NAME.key (see 'shardml cert')",
    };

    public Option<string?> CertificateName { get; } = new Option<string?>("--cert-name") { Description = "NAME of this node's certificate files in --certs" };

    public Option<bool> Insecure { get; } = new Option<bool>("--insecure") { Description = "Connect without TLS (the cluster's silos must run with --insecure too)" };

    public Option<double> ConnectTimeout { get; } = new Option<double>("--connect-timeout") { Description = "Seconds to keep trying the cluster's gateways", DefaultValueFactory = _ => 20 };

    public void AddTo(Command command, bool withCluster)
    {
        if (withCluster)
        {
            command.Options.Add(Cluster.InGroup(OptionGroup.Cluster));
            command.Options.Add(ConnectTimeout.InGroup(OptionGroup.Cluster));
        }

        command.Options.Add(ClusterId.InGroup(OptionGroup.Cluster));
        command.Options.Add(Certificates.InGroup(OptionGroup.Cluster));
        command.Options.Add(CertificateName.InGroup(OptionGroup.Cluster));
        command.Options.Add(Insecure.InGroup(OptionGroup.Cluster));
    }

    /// <summary>The connection the options describe, or null for the embedded silo.</summary>
    public ClusterConnection? Connection(ParseResult parse, string defaultCertificateName)
    {
        if (parse.GetValue(Cluster) is not { } uri)
        {
            return null;
        }

        var membership = Membership(uri);
        if (membership is LocalMembership)
        {
            throw new UsageException($"--cluster: {membership.Display} is for silos of one machine joining a primary silo (shardml silo --membership); a client connects through redis:// or postgres://");
        }

        return new ClusterConnection
        {
            Membership = membership,
            ClusterId = parse.GetRequiredValue(ClusterId),
            Certificates = LoadCertificates(parse, defaultCertificateName),
            ConnectTimeout = parse.GetValue(ConnectTimeout) is > 0 and var seconds && seconds <= ClusterExecutorOptions.MaximumTimeout.TotalSeconds
                ? TimeSpan.FromSeconds(seconds)
                : throw new UsageException($"--connect-timeout must be a positive number of seconds, at most {ClusterExecutorOptions.MaximumTimeout.TotalSeconds:0}"),
        };
    }

    /// <summary>The certificates, or null with <c>--insecure</c>; one of the two is required.</summary>
    public ClusterCertificates? LoadCertificates(ParseResult parse, string defaultName)
    {
        var directory = parse.GetValue(Certificates);
        if (parse.GetValue(Insecure))
        {
            return directory is null
                ? null
                : throw new UsageException("--insecure and --certs contradict each other: choose one");
        }

        if (directory is null)
        {
            throw new UsageException("a cluster connection is TLS by default: pass --certs DIR (see 'shardml cert create-ca'), or --insecure to go without");
        }

        try
        {
            return ClusterCertificates.Load(directory.FullName, parse.GetValue(CertificateName) ?? defaultName);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            throw new UsageException($"--certs: {e.Message}", e);
        }
    }

    public static MembershipStore Membership(string uri)
    {
        try
        {
            return MembershipStore.Parse(uri);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--cluster/--membership: {e.Message}", e);
        }
    }
}
