using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using ShardML.Cli.Output;
using ShardML.Runtime.Security;

namespace ShardML.Cli.Commands.Cluster;

/// <summary><c>shardml cert issue</c>: a node's certificate (<c>NAME.crt</c>, <c>NAME.key</c>) signed by the cluster's CA.</summary>
internal sealed class IssueCertificateCommand : ShardCommand
{
    private static readonly Option<bool> JsonOption = new("--json") { Description = "Print one JSON document on stdout" };

    private readonly Option<DirectoryInfo> _ca = new("--ca") { Description = "Directory holding the CA's ca.crt and ca.key", Required = true };

    private readonly Option<string> _name = new("--name") { Description = "The node's name: the files are NAME.crt and NAME.key", Required = true };

    private readonly Option<CertificateRole> _role = new("--role")
    {
        Description = "silo (may serve and join the cluster) or client (may only connect to it)",
        Required = true,
    };

    private readonly Option<string[]> _hosts = new("--host") { Description = "A DNS name or IP address of the node (repeatable)", AllowMultipleArgumentsPerToken = false };

    private readonly Option<int> _days = new("--days") { Description = "Days the certificate is valid", DefaultValueFactory = _ => 825 };

    private readonly Option<DirectoryInfo?> _out = new("--out", "-o") { Description = "Directory to write into (default: the CA's directory)" };

    public IssueCertificateCommand()
        : base("issue", "Issue a silo's or a client's certificate, signed by the cluster's CA.", JsonOption)
    {
        Options.Add(_ca);
        Options.Add(_name);
        Options.Add(_role);
        Options.Add(_hosts);
        Options.Add(_days);
        Options.Add(_out);
        Options.Add(JsonOption);
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var caDirectory = parse.GetRequiredValue(_ca).FullName;
        var name = parse.GetRequiredValue(_name);
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name == ClusterCertificates.AuthorityName)
        {
            throw new UsageException($"--name '{name}' cannot name certificate files");
        }

        var days = parse.GetValue(_days);
        if (days < 1)
        {
            throw new UsageException("--days must be at least 1");
        }

        var caCertificate = Path.Combine(caDirectory, ClusterCertificates.AuthorityName + ".crt");
        var caKey = Path.Combine(caDirectory, ClusterCertificates.AuthorityName + ".key");
        if (!File.Exists(caCertificate) || !File.Exists(caKey))
        {
            throw new UsageException($"{caDirectory} holds no CA (ca.crt and ca.key); create one with 'shardml cert create-ca'");
        }

        using var authority = X509Certificate2.CreateFromPemFile(caCertificate, caKey);
        var role = parse.GetValue(_role);
        using var issued = CertificateAuthority.Issue(authority, name, role, parse.GetValue(_hosts) ?? [], TimeSpan.FromDays(days));
        var (certificate, key) = CertificateAuthority.WritePem(issued, parse.GetValue(_out)?.FullName ?? caDirectory, name);
        reporter.Line($"wrote [green]{certificate}[/] and [yellow]{key}[/] ({role.ToString().ToLowerInvariant()}), signed by {Spectre.Console.Markup.Escape(authority.Subject)}");
        if (reporter.Json)
        {
            reporter.Document(new { command = "cert issue", name, role = role.ToString().ToLowerInvariant(), certificate, key, notAfter = issued.NotAfter.ToUniversalTime() });
        }

        return Task.FromResult(ExitCodes.Success);
    }
}
