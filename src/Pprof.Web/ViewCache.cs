using System.Collections.Concurrent;

namespace Pprof.Web;

/// <summary>
/// Each view's answer per query key, computed once even when requests race: going Back, or a second tab, costs nothing.
/// A bounded number of answers is kept; past that the oldest set is dropped whole, which is simple and rare.
/// </summary>
/// <param name="capacity">How many answers are kept: fewer for large ones.</param>
internal sealed class ViewCache(int capacity = 64)
{
    private readonly ConcurrentDictionary<string, Lazy<object>> _answers = new(StringComparer.Ordinal);

    public T Get<T>(string view, string key, Func<T> compute)
        where T : class
    {
        if (_answers.Count >= capacity)
        {
            _answers.Clear();
        }

        var entry = view + "?" + key;
        var lazy = _answers.GetOrAdd(entry, _ => new Lazy<object>(() => compute(), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return (T)lazy.Value;
        }
        catch
        {
            // A failed computation (a bad regexp, a timeout) is answered as an error, and tried afresh next time.
            _answers.TryRemove(new KeyValuePair<string, Lazy<object>>(entry, lazy));
            throw;
        }
    }
}
