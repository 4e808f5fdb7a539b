using Dapper;
using PaperRadar.Core.Authors;

namespace PaperRadar.Storage;

/// <summary>One author entry of one paper, as stored.</summary>
public sealed record Authorship(string PaperId, int Position, string Name, string? Affiliation);

public sealed partial class PaperStore
{
    /// <summary>
    /// Every author entry whose name falls in <paramref name="blockKey"/>'s block. Candidates are the names ending
    /// in the written surname's last word (any case); the block key then decides.
    /// </summary>
    public IReadOnlyList<Authorship> AuthorshipsInBlock(string writtenName, string blockKey)
    {
        var words = writtenName.Split((char[])[' ', ',', '.'], StringSplitOptions.RemoveEmptyEntries);
        var surnameWord = writtenName.Contains(',', StringComparison.Ordinal) ? writtenName.Split(',')[0].Trim().Split(' ')[^1] : words[^1];
        return Connection.Query<(string PaperId, long Position, string Name, string? Affiliation)>(
                "SELECT paper_id, position, name, affiliation FROM paper_authors WHERE name LIKE @pattern ORDER BY paper_id, position",
                new { pattern = "%" + surnameWord })
            .Where(r => PersonName.Parse(r.Name).BlockKey == blockKey)
            .Select(r => new Authorship(r.PaperId, (int)r.Position, r.Name, r.Affiliation))
            .ToList();
    }

    /// <summary>The year of each of <paramref name="ids"/> the store holds (ids it does not hold are left out).</summary>
    public IReadOnlyDictionary<string, int> YearsOf(IEnumerable<string> ids)
    {
        var years = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            foreach (var (id, year) in Connection.Query<(string Id, long Year)>("SELECT id, year FROM papers WHERE id IN @chunk", new { chunk }))
            {
                years[id] = (int)year;
            }
        }
        return years;
    }
}
