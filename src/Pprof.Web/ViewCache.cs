using System.Collections.Concurrent;

namespace Pprof.Web;

/// <summary>
/// Each view's answer per query key, computed once even when requests race: going Back, or a second tab, costs nothing.
/// A bounded number of answers is kept; past that the oldest set is dropped whole, which is simple and rare.
/// </summary>
/// <param name="capacity">How many answers are kept: fewer for large ones.</param>
/// <param name="large">
/// The answers are hundreds of megabytes (call trees): dropping them runs a full collection, or the next would be
/// built in fresh memory beside them, since large objects are only freed by one.
/// </param>
internal sealed class ViewCache(int capacity = 64, bool large = false)
{
    private readonly ConcurrentDictionary<string, Lazy<object>> _answers = new(StringComparer.Ordinal);

    /// <summary>The answer computed for the key, if there is one now; does not wait for one being computed.</summary>
    public T? Computed<T>(string view, string key)
        where T : class =>
        _answers.TryGetValue(view + "?" + key, out var lazy) && lazy.IsValueCreated ? lazy.Value as T : null;

    public T Get<T>(string view, string key, Func<T> compute)
        where T : class
    {
        var entry = view + "?" + key;
        if (_answers.Count >= capacity && !_answers.ContainsKey(entry))
        {
            _answers.Clear();
            if (large)
            {
                GC.Collect();
            }
        }

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
