using System.Text.RegularExpressions;

namespace PaperRadar.Core.Text;

/// <summary>
/// Finds the link to a paper's code where its comments or abstract give one ("Code is available at
/// https://github.com/owner/repo."). Only code hosts count; a project page or a dataset link is not code.
/// </summary>
public static partial class CodeLinks
{
    /// <summary>The first repository link in <paramref name="texts"/> (in order), as https://host/owner/repo; else null.</summary>
    public static string? Find(params ReadOnlySpan<string?> texts)
    {
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }
            foreach (Match match in RepositoryLink().Matches(text))
            {
                var owner = match.Groups["owner"].Value;
                var repository = TrimRepositoryName(match.Groups["repo"].Value);
                if (repository.Length == 0 || ReservedOwners.Contains(owner))
                {
                    continue;
                }
                return $"https://{match.Groups["host"].Value.ToLowerInvariant()}/{owner}/{repository}";
            }
        }
        return null;
    }

    // A sentence's full stop, or ".git", follows the name often; a repository name never ends in a dot.
    private static string TrimRepositoryName(string name)
    {
        if (name.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^4];
        }
        return name.TrimEnd('.', '-', '_');
    }

    // github.com/topics/..., github.com/orgs/... are pages of the host, not repositories.
    private static readonly HashSet<string> ReservedOwners = new(StringComparer.OrdinalIgnoreCase)
    {
        "topics", "orgs", "features", "marketplace", "sponsors", "collections", "explore", "about",
    };

    [GeneratedRegex(
        @"(?:https?://)?(?:www\.)?(?<host>github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)/(?<owner>[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?)/(?<repo>[A-Za-z0-9_.-]+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryLink();
}
