namespace ShardML.Core.Data;

/// <summary>An append-only array that grows by half again when full; the loaders' staging area.</summary>
internal struct GrowableBuffer<T>
    where T : unmanaged
{
    private T[] _items;

    public GrowableBuffer(int capacity)
    {
        _items = new T[Math.Max(16, capacity)];
        Count = 0;
    }

    public int Count { get; private set; }

    public void Add(T item)
    {
        if (Count == _items.Length)
        {
            Grow(Count + 1);
        }

        _items[Count++] = item;
    }

    /// <summary>Room for <paramref name="count"/> more items, returned as a span the caller fills.</summary>
    public Span<T> Append(int count)
    {
        if (Count + count > _items.Length)
        {
            Grow(Count + count);
        }

        var span = _items.AsSpan(Count, count);
        Count += count;
        return span;
    }

    /// <summary>
    /// The items in an array of exactly <see cref="Count"/>: callers take <c>Length</c> as the row count, and the
    /// one copy at load time is cheaper than slack carried for the partition's life.
    /// </summary>
    public T[] ToArray()
    {
        if (_items.Length != Count)
        {
            Array.Resize(ref _items, Count);
        }

        return _items;
    }

    private void Grow(int needed)
    {
        var capacity = Math.Max(needed, (int)Math.Min(Array.MaxLength, _items.Length + ((long)_items.Length / 2)));
        Array.Resize(ref _items, capacity);
    }
}
