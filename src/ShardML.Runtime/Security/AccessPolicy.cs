using System.Text.Json;

namespace ShardML.Runtime.Security;

/// <summary>
/// Who may do what: each client identity (its certificate's name) and its <see cref="AccessLevel"/>. Without a policy file
/// every client certificate of the cluster may <see cref="AccessLevel.Train"/>; with one, an identity it does not list may
/// do nothing. The file (<c>shardml silo --access FILE</c>) is JSON: <c>{"grants": {"alice": "train", "bob": "read",
/// "ops": "admin"}}</c>.
/// </summary>
public sealed class AccessPolicy
{
    private readonly Dictionary<string, AccessLevel> _grants;

    private AccessPolicy(Dictionary<string, AccessLevel> grants, AccessLevel unlisted, string source)
    {
        _grants = grants;
        Unlisted = unlisted;
        Source = source;
    }

    /// <summary>No policy file: every client certificate may train.</summary>
    public static AccessPolicy Default { get; } = new(new Dictionary<string, AccessLevel>(StringComparer.Ordinal), AccessLevel.Train, "no policy: every client may train");

    /// <summary>What an identity the policy does not name may do.</summary>
    public AccessLevel Unlisted { get; }

    /// <summary>Where the policy came from, for logs.</summary>
    public string Source { get; }

    public IReadOnlyDictionary<string, AccessLevel> Grants => _grants;

    public AccessLevel GrantOf(string identity) => _grants.GetValueOrDefault(identity, Unlisted);

    /// <summary>Reads a policy file; the message of the <see cref="FormatException"/> says what is wrong with it.</summary>
    public static AccessPolicy Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>A policy from its JSON; <paramref name="path"/> names it in messages.</summary>
    public static AccessPolicy Parse(string json, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not JSON ({e.Message})", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("grants", out var grants)
                || grants.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{path}: an access policy is {{\"grants\": {{\"IDENTITY\": \"read|train|admin\", …}}}}");
            }

            var parsed = new Dictionary<string, AccessLevel>(StringComparer.Ordinal);
            foreach (var grant in grants.EnumerateObject())
            {
                parsed[grant.Name] = grant.Value.GetString() switch
                {
                    "read" => AccessLevel.Read,
                    "train" => AccessLevel.Train,
                    "admin" => AccessLevel.Admin,
                    "none" => AccessLevel.None,
                    var other => throw new FormatException($"{path}: identity '{grant.Name}' is granted '{other}'; a grant is read, train, admin or none"),
                };
            }

            return new AccessPolicy(parsed, AccessLevel.None, $"{path}: {parsed.Count} identities");
        }
    }
}
