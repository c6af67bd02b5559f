using System.Runtime.CompilerServices;

namespace ShardML.Core.Data.Preprocessing;

/// <summary>
/// Encodes one partition's rows with a learned <see cref="FeaturePipeline"/> while a reader reads them: numbers into
/// their feature (a missing one filled), a category into its one-hot slot (the other slot when unseen in training) or
/// its bucket. Rows are built dense, or as CSR when the pipeline is sparse (zeros are not stored). Values must come
/// column by column in order. O(columns) per row, plus one hash lookup per category.
/// </summary>
internal sealed class PipelineRows : IRowSink
{
    private readonly FeaturePipeline _pipeline;
    private readonly MissingValues _missing;
    private readonly MissingValues? _trainedWith;
    private readonly ColumnTransform[] _columns;
    private readonly int[] _offsets;
    private readonly int[] _fillSlots;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>?[] _vocabularies;
    private readonly int _width;
    private readonly float[]? _dense;
    private readonly int _denseOffset;
    private readonly int _capacity;
    private GrowableBuffer<int> _rowStarts;
    private GrowableBuffer<int> _indices;
    private GrowableBuffer<float> _values;

    /// <param name="pipeline">The learned transform.</param>
    /// <param name="missing">What a missing value does here: the pipeline's fill, a dropped row, or an error.</param>
    /// <param name="capacity">The most rows the partition may hold (dense rows are allocated once).</param>
    /// <param name="trainedWith">For a model's data, what training did with missing values (for messages); null in training.</param>
    public PipelineRows(FeaturePipeline pipeline, MissingValues missing, int capacity, MissingValues? trainedWith = null)
    {
        _pipeline = pipeline;
        _missing = missing;
        _trainedWith = trainedWith;
        _columns = pipeline.Columns;
        _offsets = pipeline.Offsets();
        _width = pipeline.Width;
        _capacity = capacity;
        Kinds = [.. _columns.Select(c => c.Encoding == ColumnEncoding.Number ? ColumnKind.Number : ColumnKind.Text)];
        _fillSlots = new int[_columns.Length];
        _vocabularies = new Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>?[_columns.Length];
        for (var c = 0; c < _columns.Length; c++)
        {
            _fillSlots[c] = -1;
            if (_columns[c] is { Encoding: ColumnEncoding.OneHot, Categories: { } categories } column)
            {
                var vocabulary = new Dictionary<string, int>(categories.Length, StringComparer.Ordinal);
                for (var k = 0; k < categories.Length; k++)
                {
                    vocabulary[categories[k]] = k;
                }

                _vocabularies[c] = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
                _fillSlots[c] = column.FillCategory is { } fill ? vocabulary[fill] : -1;
            }
        }

        if (pipeline.IsSparse)
        {
            _rowStarts = new GrowableBuffer<int>(capacity + 1);
            _rowStarts.Add(0);
            _indices = new GrowableBuffer<int>(capacity * _columns.Length);
            _values = new GrowableBuffer<float>(capacity * _columns.Length);
        }
        else
        {
            if ((long)capacity * Math.Max(1, _width) > Array.MaxLength)
            {
                throw new InsufficientMemoryException($"{capacity} rows of {_width} features are more values than one array holds; use more partitions");
            }

            (_dense, _denseOffset) = DenseMatrix.AllocateAligned(capacity * _width, clear: true);
        }
    }

    public ColumnKind[] Kinds { get; }

    public bool DropsRows => _missing == MissingValues.Drop;

    /// <summary>Rows encoded so far.</summary>
    public int Rows { get; private set; }

    public string? Number(int column, float value)
    {
        Put(column, 0, value);
        return null;
    }

    public string? Text(int column, ReadOnlySpan<char> text)
    {
        var transform = _columns[column];
        if (transform.Encoding == ColumnEncoding.Hashed)
        {
            Put(column, CategoryHash.Bucket(text, transform.Buckets), 1f);
        }
        else
        {
            Put(column, _vocabularies[column]!.Value.TryGetValue(text, out var slot) ? slot : transform.Width - 1, 1f);
        }

        return null;
    }

    public string? Missing(int column, string what)
    {
        var transform = _columns[column];
        if (_missing is MissingValues.Error or MissingValues.Drop)
        {
            return MissingProblems.Of(transform.Name, what, _trainedWith);
        }

        if (transform.Encoding == ColumnEncoding.Number)
        {
            Put(column, 0, transform.Fill ?? throw new InvalidOperationException($"column '{transform.Name}' has no fill value"));
        }
        else if (_fillSlots[column] >= 0)
        {
            Put(column, _fillSlots[column], 1f);
        }

        return null; // a hashed column's missing value, or a one-hot one without a category to fill: all zeros
    }

    public void EndRow()
    {
        Rows++;
        if (_dense is null)
        {
            _rowStarts.Add(_indices.Count);
        }
    }

    /// <summary>The rows encoded, as the pipeline lays them out.</summary>
    public (DenseMatrix? Dense, SparseMatrix? Sparse) Finish()
    {
        if (_dense is null)
        {
            return (null, new SparseMatrix(_rowStarts.ToArray(), _indices.ToArray(), _values.ToArray(), Rows, _width));
        }

        // Dropped rows and blank lines leave slack: a little is kept (the matrix reads only Rows × Columns); more is trimmed.
        if ((_capacity - Rows) * 8L > _capacity)
        {
            var (trimmed, offset) = DenseMatrix.AllocateAligned(Rows * _width);
            _dense.AsSpan(_denseOffset, Rows * _width).CopyTo(trimmed.AsSpan(offset));
            return (new DenseMatrix(trimmed, Rows, _width, offset), null);
        }

        return (new DenseMatrix(_dense, Rows, _width, _denseOffset), null);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Put(int column, int slot, float value)
    {
        var feature = _offsets[column] + slot;
        if (_dense is not null)
        {
            _dense[_denseOffset + (Rows * _width) + feature] = value;
        }
        else if (value != 0)
        {
            _indices.Add(feature);
            _values.Add(value);
        }
    }

    public override string ToString() => $"{Rows} rows of {_pipeline.Width} features";
}
