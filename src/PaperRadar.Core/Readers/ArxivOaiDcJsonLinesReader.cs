using System.Text.Json;
using PaperRadar.Core.Model;

namespace PaperRadar.Core.Readers;

/// <summary>
/// arXiv's <c>oai_dc</c> records saved as JSON lines, one day of metadata changes per file (the arxiv_meta mirror,
/// <c>2012/2012-01-04.json.gz</c>): each line <c>["&lt;arXiv id&gt;", {title, creator, subject, description, date,
/// identifier, type, contributor, rights, publisher, language, format, coverage, source, relation}]</c>, every field
/// a list of strings. Mapped as the OAI-PMH <c>oai_dc</c> metadata is (<see cref="ArxivDublinCore"/>).
/// </summary>
public sealed class ArxivOaiDcJsonLinesReader : JsonLinesReader
{
    public const string FormatName = "arxiv-oai-dc-jsonl";

    public override string Format => FormatName;

    protected override JsonValueKind RecordKind => JsonValueKind.Array;

    protected override ReadOutcome Map(JsonElement record, SourceLocation location)
    {
        if (record.GetArrayLength() != 2 || record[1].ValueKind != JsonValueKind.Object ||
            record[0].ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return ReadOutcome.Reject(location,
                "expected [\"<arXiv id>\", {Dublin Core fields}], found an array of another shape");
        }
        var fields = record[1];
        var dc = new DublinCoreFields();
        foreach (var property in fields.EnumerateObject())
        {
            if (dc.Named(property.Name) is { } list)
            {
                list.AddRange(OptionalStrings(fields, property.Name));
            }
        }
        var idText = record[0].ValueKind == JsonValueKind.String ? record[0].GetString() : null;
        return ArxivDublinCore.Map(string.IsNullOrWhiteSpace(idText) ? null : idText, dc, location);
    }
}
