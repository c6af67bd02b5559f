using Parquet;
using ShardML.Core.Data.Preprocessing;

namespace ShardML.Core.Data.ParquetFiles;

/// <summary>
/// Reads a Parquet partition value by value into an <see cref="IRowSink"/> (a learned pipeline's encoder, or the
/// profiler that learns one), with its kept columns as text: each row group's chosen columns are decoded whole
/// (<see cref="ParquetCells"/>), then given row by row. A text column's value is its category; a number column's a
/// feature, or its text when the column is categorical. Under <see cref="MissingValues.Drop"/> a row with a missing
/// feature or label is skipped and counted. Errors name the file, the row over the whole file, the column and the
/// row group, as the fast path's (<see cref="ParquetPartitionReader"/>).
/// </summary>
internal static class ParquetRowReader
{
    public static async Task<Partition> ReadAsync(PartitionSource source, LoadMeter? meter, CancellationToken cancellationToken)
    {
        var schema = source.Schema;
        await using var opened = await OpenedPartitionFiles.OpenAsync(source, cancellationToken);
        var (files, readers, rows) = (opened.Files, opened.Readers, opened.Rows);
        if (rows > Array.MaxLength)
        {
            throw new DataFormatException(source.Path, 0, 0, $"partition {source.Index} holds more rows than one array can; use more partitions");
        }

        var state = new State(schema, RowSinks.Create(schema, (int)rows), (int)rows);
        for (var f = 0; f < files.Count; f++)
        {
            await ReadFileAsync(files[f], f, readers[f], state, meter, cancellationToken);
        }

        return state.Finish(source);
    }

    private static async Task ReadFileAsync(PartitionFile file, int fileIndex, ParquetReader reader, State state, LoadMeter? meter, CancellationToken cancellationToken)
    {
        var schema = state.Schema;
        var columns = ParquetDataset.ColumnsOf(reader);
        if (columns.Length != schema.ColumnCount)
        {
            throw new DataFormatException(file.Path, 0, 0, $"the file has {columns.Length} columns, not the {schema.ColumnCount} planned");
        }

        var names = schema.Pipeline?.ColumnNames ?? schema.FeatureNames;
        var groupRows = ParquetPartitionReader.GroupRows(reader);
        var firstRow = groupRows.Take((int)file.Start).Sum(); // rows are counted over the whole file
        if (state.Vocabulary is { } vocabulary)
        {
            vocabulary.File = fileIndex;
        }

        for (var g = (int)file.Start; g < file.End; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var group = reader.OpenRowGroupReader(g);
            var rows = checked((int)group.RowCount);
            if (rows > 0)
            {
                var site = new ParquetPartitionReader.GroupSite(file.Path, g, firstRow);
                var features = new ParquetCells[names.Length];
                for (var c = 0; c < features.Length; c++)
                {
                    var column = ParquetPartitionReader.Column(columns, schema.FeatureColumns[c], names[c], site);
                    features[c] = await ParquetCells.ReadAsync(group, column, rows, site, state.Sink.Kinds[c] == ColumnKind.Text, cancellationToken);
                }

                var label = state.ReadsLabels || (state.Sink.DropsRows && schema.HasLabel)
                    ? await ParquetCells.ReadAsync(group, ParquetPartitionReader.Column(columns, schema.LabelColumn, schema.LabelName!, site), rows, site, columns[schema.LabelColumn].Kind == ParquetColumnKind.Text, cancellationToken)
                    : null;
                var kept = new ParquetCells[state.Keep.Length];
                for (var k = 0; k < kept.Length; k++)
                {
                    kept[k] = await ParquetCells.ReadAsync(group, columns[state.Keep[k]], rows, site, asText: true, cancellationToken);
                }

                for (var r = 0; r < rows; r++)
                {
                    state.Row(r, features, label, kept, site, columns);
                }
            }

            firstRow += rows;
            meter?.Add(ParquetDataset.GroupBytes(reader.Metadata!.RowGroups[g]), rows);
        }
    }

    /// <summary>Where the partition's rows go as its groups are read.</summary>
    private sealed class State(DatasetSchema schema, IRowSink sink, int capacity)
    {
        private readonly float[]? _labels = schema.HasLabel && !schema.Profiling ? new float[capacity] : null;
        private readonly List<string>[] _kept = schema.KeepColumns is { } keep && !schema.Profiling ? [.. keep.Select(_ => new List<string>())] : [];
        private long _dropped;
        private int _rows;
        private bool _labelsDropped;

        public DatasetSchema Schema { get; } = schema;

        public IRowSink Sink { get; } = sink;

        public bool ReadsLabels => _labels is not null;

        public LabelVocabularyBuilder? Vocabulary { get; } = schema.HasLabel && !schema.Profiling && schema.CategoricalLabel ? new LabelVocabularyBuilder() : null;

        public int[] Keep { get; } = schema.KeepColumns is { } keep && !schema.Profiling ? keep : [];

        public void Row(int r, ParquetCells[] features, ParquetCells? label, ParquetCells[] kept, ParquetPartitionReader.GroupSite site, ParquetColumn[] columns)
        {
            if (Sink.DropsRows && (Array.Exists(features, f => f.IsMissing(r)) || label?.IsMissing(r) == true))
            {
                _dropped++;
                return;
            }

            for (var c = 0; c < features.Length; c++)
            {
                var cells = features[c];
                var problem = cells.IsMissing(r) ? Sink.Missing(c, cells.MissingWord(r))
                    : cells.Texts is { } texts ? Sink.Text(c, texts[r].Span)
                    : Sink.Number(c, cells.Numbers![r]);
                if (problem is not null)
                {
                    throw site.Error(r, Schema.FeatureColumns[c], problem);
                }
            }

            if (_labels is not null)
            {
                Label(r, label!, site, columns[Schema.LabelColumn]);
            }

            for (var k = 0; k < kept.Length; k++)
            {
                _kept[k].Add(kept[k].IsMissing(r) ? string.Empty : kept[k].Texts![r].ToString());
            }

            Sink.EndRow();
            _rows++;
        }

        public Partition Finish(PartitionSource source)
        {
            var labels = _labels is not null && _labels.Length != _rows ? _labels.AsSpan(0, _rows).ToArray() : _labels;
            string[][]? kept = _kept.Length == 0 ? null : [.. _kept.Select(k => k.ToArray())];
            return _labelsDropped
                ? RowSinks.Finish(Sink, source, null, null, kept, _dropped)
                : RowSinks.Finish(Sink, source, labels, Vocabulary?.ToVocabulary(), kept, _dropped);
        }

        private void Label(int r, ParquetCells label, ParquetPartitionReader.GroupSite site, ParquetColumn column)
        {
            if (label.IsMissing(r))
            {
                throw site.Error(r, column.Index, $"missing label '{Schema.LabelName}' ({label.MissingWord(r)})");
            }

            if (Vocabulary is null)
            {
                _labels![_rows] = label.Numbers![r];
                return;
            }

            if (_labelsDropped)
            {
                return;
            }

            var code = label.Texts is { } texts
                ? Vocabulary.Intern(texts[r].Span, site.RowOf(r), column.Index + 1)
                : Vocabulary.Intern(label.Numbers![r], site.RowOf(r), column.Index + 1);
            if (code >= 0)
            {
                _labels![_rows] = code;
            }
            else if (Schema.OptionalClasses)
            {
                _labelsDropped = true;
            }
            else
            {
                throw site.Error(r, column.Index, $"more than {LabelVocabulary.MaximumCount} distinct labels in one partition; a class label takes few values (is this a regression target?)");
            }
        }
    }
}
