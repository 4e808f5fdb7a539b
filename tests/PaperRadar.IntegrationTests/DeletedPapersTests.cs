using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using PaperRadar.Core.Model;
using PaperRadar.Search.Indexing;
using PaperRadar.Storage;
using PaperRadar.Storage.Import;
using PaperRadar.Web;

namespace PaperRadar.IntegrationTests;

/// <summary>
/// A paper its source deleted is listed nowhere: the daily and category listings (the store's and the JSON API's),
/// related papers, keyword search and the papers digests are built from, over a real SQLite file holding the sample
/// papers and a real Kestrel server on 127.0.0.1. Its own page still answers, saying it was deleted.
/// </summary>
public sealed class DeletedPapersTests : IDisposable
{
    private readonly ScratchDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<WebApplication> Serve(string db)
    {
        var app = PaperRadarWeb.Build(new WebOptions { StorePath = db, Urls = ["http://127.0.0.1:0"], RequestsPerMinute = 0 });
        await app.StartAsync();
        return app;
    }

    private static async Task<List<string>> Ids(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        var list = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement
            : json.RootElement.TryGetProperty("papers", out var papers) ? papers : json.RootElement.GetProperty("results");
        return list.EnumerateArray().Select(p => p.GetProperty("id").GetString()!).ToList();
    }

    [Fact]
    public async Task ADeletedPaperLeavesListingsRelatedPapersSearchAndDigestsButKeepsItsPage()
    {
        var db = _temp.File("deleted.db");
        DateOnly day;
        using (var store = PaperStore.Open(db))
        {
            new Importer(store).Import([SharedData.Sample()]);
            SearchIndexer.Run(store, new IndexOptions());
            day = store.ListingDaysAround(null, null).Latest!.Value;
        }

        // Before: the victim is the paper most related to the latest day's first paper, and listed like any other.
        string seed, victim, category, title;
        await using (var app = await Serve(db))
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var listed = await Ids(client, "/api/v1/daily?limit=500");
            seed = listed[0];
            victim = (await Ids(client, $"/api/v1/related/{seed}")).First(listed.Contains);
            using var store = PaperStore.Open(db);
            var paper = store.GetPaper(PaperId.Parse(victim))!;
            category = paper.PrimaryCategory!;
            title = paper.Title;
            Assert.Contains(victim, await Ids(client, $"/api/v1/daily?category={category}&limit=500"));
            Assert.Contains(victim, await Ids(client, $"/api/v1/search?q={Uri.EscapeDataString(title)}&mode=keyword"));
            Assert.Contains(store.ListingsBetween(day, day), l => l.Id == victim);
        }

        // arXiv's OAI-PMH says the paper was deleted (marked as an imported page or a harvest marks it), then the
        // indices are refreshed as after any harvest.
        using (var store = PaperStore.Open(db))
        {
            store.WriteRecords([], [(PaperId.Parse(victim), new SourceDeletion(day, "generated deletion for this test"))]);
            SearchIndexer.Run(store, new IndexOptions());
            Assert.DoesNotContain(victim, store.PapersListedOn(day, null, 500).Select(p => p.Id.Value));
            Assert.DoesNotContain(victim, store.PapersListedOn(day, category, 500).Select(p => p.Id.Value));
            Assert.Equal(store.PapersListedOn(day, category, 500).Count, store.CountListedOn(day, category));
            Assert.DoesNotContain(store.ListingsBetween(day, day), l => l.Id == victim);
        }
        await using (var app = await Serve(db))
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            Assert.DoesNotContain(victim, await Ids(client, "/api/v1/daily?limit=500"));
            Assert.DoesNotContain(victim, await Ids(client, $"/api/v1/daily?category={category}&limit=500"));
            Assert.DoesNotContain(victim, await Ids(client, $"/api/v1/related/{seed}"));
            Assert.DoesNotContain(victim, await Ids(client, $"/api/v1/search?q={Uri.EscapeDataString(title)}&mode=keyword"));
            Assert.DoesNotContain(victim, await Ids(client, $"/api/v1/search?q={Uri.EscapeDataString(title)}&mode=semantic"));
            using var page = await client.GetAsync($"/api/v1/papers/{victim}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("generated deletion for this test", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
