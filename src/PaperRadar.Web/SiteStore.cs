using System.Collections.Concurrent;
using PaperRadar.Search;
using PaperRadar.Storage;

namespace PaperRadar.Web;

/// <summary>
/// The connections to the store the web app reads through, opened once. A store is one SQLite connection, which serves
/// one caller at a time, so the site keeps a few (one per core: the work is CPU-bound) and a request borrows one for
/// the length of its reads (<see cref="Read{T}"/>). Their search engines share one copy of the vectors.
/// </summary>
public sealed class SiteStore : IDisposable
{
    private readonly List<(PaperStore Store, SearchEngine Engine)> _all = [];
    private readonly ConcurrentBag<(PaperStore Store, SearchEngine Engine)> _idle = [];
    private readonly SemaphoreSlim _available;

    public SiteStore(string path, int connections = 0)
    {
        Path = path;
        var count = connections > 0 ? connections : Math.Max(2, Environment.ProcessorCount);
        try
        {
            var first = PaperStore.Open(path);
            var engine = new SearchEngine(first);
            _all.Add((first, engine));
            // Loaded now, through the first connection, before any request runs: the other engines share it.
            _ = engine.SemanticUnavailable;
            for (var i = 1; i < count; i++)
            {
                var store = PaperStore.Open(path);
                _all.Add((store, new SearchEngine(store, engine)));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        foreach (var pair in _all)
        {
            _idle.Add(pair);
        }
        _available = new SemaphoreSlim(_all.Count, _all.Count);
    }

    public string Path { get; }

    public T Read<T>(Func<PaperStore, SearchEngine, T> read)
    {
        _available.Wait();
        if (!_idle.TryTake(out var pair))
        {
            _available.Release();
            throw new InvalidOperationException("no store connection was free although the count said one was");
        }
        try
        {
            return read(pair.Store, pair.Engine);
        }
        finally
        {
            _idle.Add(pair);
            _available.Release();
        }
    }

    /// <summary>
    /// Loads the search engines' vectors again, after an index run changed them (the scheduled harvest's): waits for
    /// every connection to be free, so no request sees half of the change, then lets them go.
    /// </summary>
    public void RefreshSearch()
    {
        for (var i = 0; i < _all.Count; i++)
        {
            _available.Wait();
        }
        try
        {
            _idle.Clear();
            var first = new SearchEngine(_all[0].Store);
            _ = first.SemanticUnavailable;
            _all[0] = (_all[0].Store, first);
            for (var i = 1; i < _all.Count; i++)
            {
                _all[i] = (_all[i].Store, new SearchEngine(_all[i].Store, first));
            }
            foreach (var pair in _all)
            {
                _idle.Add(pair);
            }
        }
        finally
        {
            _available.Release(_all.Count);
        }
    }

    public void Dispose()
    {
        foreach (var (store, _) in _all)
        {
            store.Dispose();
        }
        _available?.Dispose();
    }
}
