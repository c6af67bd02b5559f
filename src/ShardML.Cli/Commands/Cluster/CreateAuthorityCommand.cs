using System.CommandLine;
using ShardML.Cli.Output;
using ShardML.Runtime.Security;

namespace ShardML.Cli.Commands.Cluster;

/// <summary><c>shardml cert create-ca</c>: the cluster's certificate authority, <c>ca.crt</c> and <c>ca.key</c>.</summary>
internal sealed class CreateAuthorityCommand : ShardCommand
{
    private static readonly Option<bool> JsonOption = new("--json") { Description = "Print one JSON document on stdout" };

    private readonly Option<DirectoryInfo> _out = new("--out", "-o") { Description = "Directory to write ca.crt and ca.key into", Required = true };

    private readonly Option<string> _name = new("--name") { Description = "The CA's common name", DefaultValueFactory = _ => "ShardML cluster CA" };

    private readonly Option<int> _days = new("--days") { Description = "Days the CA is valid", DefaultValueFactory = _ => 3650 };

    private readonly Option<bool> _force = new("--force") { Description = "Overwrite an existing CA (every certificate it issued stops being accepted)" };

    public CreateAuthorityCommand()
        : base("create-ca", "Create the certificate authority of a cluster.", JsonOption)
    {
        Options.Add(_out);
        Options.Add(_name);
        Options.Add(_days);
        Options.Add(_force);
        Options.Add(JsonOption);
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var directory = parse.GetRequiredValue(_out).FullName;
        var days = parse.GetValue(_days);
        if (days < 1)
        {
            throw new UsageException("--days must be at least 1");
        }

        if (File.Exists(Path.Combine(directory, ClusterCertificates.AuthorityName + ".key")) && !parse.GetValue(_force))
        {
            throw new UsageException($"{directory} already holds a CA; pass --force to replace it (certificates it issued will be refused)");
        }

        using var authority = CertificateAuthority.CreateAuthority(parse.GetRequiredValue(_name), TimeSpan.FromDays(days));
        var (certificate, key) = CertificateAuthority.WritePem(authority, directory, ClusterCertificates.AuthorityName);
        reporter.Line($"wrote [green]{certificate}[/] (give it to every node) and [yellow]{key}[/] (keep it private: it signs new nodes)");
        if (reporter.Json)
        {
            reporter.Document(new { command = "cert create-ca", certificate, key, notAfter = authority.NotAfter.ToUniversalTime() });
        }

        return Task.FromResult(ExitCodes.Success);
    }
}
