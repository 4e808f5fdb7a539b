namespace PaperRadar.Core;

/// <summary>
/// Reports on the caller's thread, at once. <see cref="Progress{T}"/> posts to the thread pool when there is no
/// synchronization context (a console program), so reports would arrive late and out of order.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
