using PaperRadar.Search;
using PaperRadar.Storage;

namespace PaperRadar.Web;

/// <summary>
/// The store and search engine the web app reads, opened once. A store is one SQLite connection, which serves one
/// caller at a time, so requests take turns (<see cref="Read{T}"/>); the engine keeps the vectors in memory once.
/// </summary>
public sealed class SiteStore : IDisposable
{
    private readonly PaperStore _store;
    private readonly SearchEngine _engine;
    private readonly Lock _gate = new();

    public SiteStore(string path)
    {
        Path = path;
        _store = PaperStore.Open(path);
        _engine = new SearchEngine(_store);
    }

    public string Path { get; }

    public T Read<T>(Func<PaperStore, SearchEngine, T> read)
    {
        lock (_gate)
        {
            return read(_store, _engine);
        }
    }

    public void Dispose() => _store.Dispose();
}
