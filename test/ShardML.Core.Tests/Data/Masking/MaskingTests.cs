using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Parquet;
using ShardML.Core.Data;
using ShardML.Core.Data.Masking;
using ShardML.Core.Tests.Support;

namespace ShardML.Core.Tests.Data.Masking;

/// <summary>Each transform of a masked copy, its determinism over partition counts, and that the key never reaches an output.</summary>
public sealed class MaskingTests : IDisposable
{
    private const string Header = "id,email,age,income,zip";
    private readonly TempFiles _files = new();
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly string _keyPath;
    private readonly string _data;

    public MaskingTests()
    {
        _keyPath = _files.Write("mask.key", string.Empty);
        File.WriteAllBytes(_keyPath, _key);
        var text = new StringBuilder(Header).Append('\n');
        var random = new Random(4);
        for (var i = 0; i < 500; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i},user{i % 97}@example.org,{18 + random.Next(60)},{(20000 + (random.NextDouble() * 80000)).ToString("F2", CultureInfo.InvariantCulture)},\"{10000 + (i % 13)}, suite {i % 3}\"\n");
        }

        _data = _files.Write("people.csv", text.ToString());
    }

    [Fact]
    public void Hashing_gives_one_pseudonym_per_value_and_key_and_another_key_gives_others()
    {
        var rows = Mask(3, new ColumnTransform("email", ColumnTransformKind.Hash));
        var otherKey = _files.Write("other.key", "a different key, 32 bytes long!!");
        var other = Mask(3, new ColumnTransform("email", ColumnTransformKind.Hash));
        var again = MaskWith(otherKey, 3, new ColumnTransform("email", ColumnTransformKind.Hash));

        var original = Original();
        var byValue = original.Zip(rows).GroupBy(p => p.First[1], p => p.Second[1]).ToArray();
        Assert.All(byValue, g => Assert.Single(g.Distinct()));              // the same email, the same pseudonym: joins still work
        Assert.Equal(97, byValue.Select(g => g.First()).Distinct().Count()); // different emails, different pseudonyms
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{32}$", r[1]));
        Assert.Equal(rows.Select(r => r[1]), other.Select(r => r[1]));
        Assert.Empty(rows.Select(r => r[1]).Intersect(again.Select(r => r[1])));
        Assert.Equal(original.Select(r => r[0]), rows.Select(r => r[0])); // other columns as they were
    }

    [Fact]
    public void Dropping_rounding_and_bucketing_do_what_they_say()
    {
        var rows = Mask(
            4,
            new ColumnTransform("id", ColumnTransformKind.Drop),
            new ColumnTransform("income", ColumnTransformKind.Round, Step: 1000),
            new ColumnTransform("age", ColumnTransformKind.Bucket, Edges: [30, 50]));
        var original = Original();

        Assert.All(rows, r => Assert.Equal(4, r.Length)); // id is gone
        for (var i = 0; i < rows.Count; i++)
        {
            var age = double.Parse(original[i][2], CultureInfo.InvariantCulture);
            Assert.Equal(age < 30 ? "(-inf, 30)" : age < 50 ? "[30, 50)" : "[50, inf)", rows[i][1]);
            var income = double.Parse(original[i][3], CultureInfo.InvariantCulture);
            Assert.Equal(Math.Round(income / 1000, MidpointRounding.AwayFromZero) * 1000, double.Parse(rows[i][2], CultureInfo.InvariantCulture));
            Assert.Equal(original[i][4], rows[i][3]); // a quoted field with the separator comes back whole
        }

        Assert.Equal(0.3, PartMasker.Rounded(0.27, 0.1));
        Assert.Equal("[30, 50)", PartMasker.Bucket(30, [30, 50]));
    }

    [Fact]
    public void Noise_is_Laplace_of_the_given_scale_and_keyed_by_row()
    {
        var rows = Mask(5, new ColumnTransform("income", ColumnTransformKind.Noise, Scale: 100));
        var noise = Original().Zip(rows).Select(p => double.Parse(p.Second[3], CultureInfo.InvariantCulture) - double.Parse(p.First[3], CultureInfo.InvariantCulture)).ToArray();

        // Laplace(0, b): mean 0, mean absolute deviation b; over 500 draws the sample's are within a few standard errors.
        Assert.InRange(noise.Average(), -20, 20);
        Assert.InRange(noise.Average(Math.Abs), 85, 115);
        Assert.True(noise.Distinct().Count() > 490);
    }

    [Fact]
    public void The_copy_has_the_same_rows_whatever_the_partition_count()
    {
        ColumnTransform[] transforms =
        [
            new("email", ColumnTransformKind.Hash), new("income", ColumnTransformKind.Noise, Scale: 50), new("age", ColumnTransformKind.Round, Step: 5),
        ];

        var one = Mask(1, transforms);
        Assert.Equal(500, one.Count);
        foreach (var partitions in new[] { 2, 7, 16 })
        {
            Assert.Equal(one, Mask(partitions, transforms));
        }
    }

    [Fact]
    public void The_key_appears_in_no_part_and_not_in_the_manifest()
    {
        var output = MaskInto("csv-out", 4, MaskOutputFormat.Csv, new ColumnTransform("email", ColumnTransformKind.Hash), new ColumnTransform("income", ColumnTransformKind.Noise, Scale: 10));
        var parquet = MaskInto("parquet-out", 3, MaskOutputFormat.Parquet, new ColumnTransform("email", ColumnTransformKind.Hash), new ColumnTransform("income", ColumnTransformKind.Noise, Scale: 10));

        string[] forms = [Convert.ToHexString(_key), Convert.ToHexStringLower(_key), Convert.ToBase64String(_key)];
        foreach (var file in Directory.GetFiles(output).Concat(Directory.GetFiles(parquet)))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.AsSpan().IndexOf(_key) < 0, $"{file} holds the key's bytes");
            var text = Encoding.Latin1.GetString(bytes);
            Assert.All(forms, f => Assert.DoesNotContain(f, text, StringComparison.Ordinal));
        }

        var manifest = MaskManifest.Read(parquet);
        Assert.Equal(500, manifest.Rows);
        Assert.Equal(3, manifest.Parts.Count);
        Assert.Equal(16, manifest.KeyId!.Length);
        Assert.Equal(["id", "email", "age", "income", "zip"], manifest.Columns);
    }

    [Fact]
    public async Task Parquet_parts_hold_numbers_as_doubles_and_the_rest_as_text()
    {
        var output = MaskInto("parquet", 2, MaskOutputFormat.Parquet, new ColumnTransform("income", ColumnTransformKind.Round, Step: 100), new ColumnTransform("id", ColumnTransformKind.Drop));

        await using var stream = File.OpenRead(Path.Combine(output, "part-00000.parquet"));
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(["email", "age", "income", "zip"], fields.Select(f => f.Name));
        Assert.Equal(typeof(double), fields.Single(f => f.Name == "income").ClrType);
        Assert.Contains(fields.Single(f => f.Name == "age").ClrType, new[] { typeof(string), typeof(ReadOnlyMemory<char>) }); // text (Parquet.Net reads text as either)
    }

    [Fact]
    public void A_value_a_numeric_transform_cannot_read_is_a_data_error_that_quotes_nothing()
    {
        var bad = _files.Write("bad.csv", $"{Header}\n1,a@b.org,forty-two,100,\"1, a\"\n");

        var error = Assert.Throws<DataFormatException>(() => Mask(bad, 1, new ColumnTransform("age", ColumnTransformKind.Round, Step: 5)));

        Assert.Equal(2, error.Line);
        Assert.Equal(3, error.Column);
        Assert.DoesNotContain("forty-two", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_copy_masks_to_the_plain_files_rows_noise_included()
    {
        // Noise is keyed by the row's byte offset: a gzip file's offsets are its text's, so the parts are the same.
        var gzip = _files.PathOf("people.csv.gz");
        using (var output = File.Create(gzip))
        using (var compressor = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal))
        {
            compressor.Write(File.ReadAllBytes(_data));
        }

        ColumnTransform[] transforms = [new("email", ColumnTransformKind.Hash), new("income", ColumnTransformKind.Noise, Scale: 100)];
        var plain = Mask(3, transforms);
        var fromGzip = Mask(gzip, 3, transforms);

        Assert.Equal(500, fromGzip.Count);
        Assert.Equal(plain, fromGzip);
    }

    public void Dispose() => _files.Dispose();

    private List<string[]> Original() => [.. File.ReadAllLines(_data).Skip(1).Select(Split)];

    private List<string[]> Mask(int partitions, params ColumnTransform[] transforms) => Mask(_data, partitions, transforms);

    private List<string[]> MaskWith(string key, int partitions, params ColumnTransform[] transforms) => Read(Run(_data, key, "with-" + Guid.NewGuid().ToString("N"), partitions, MaskOutputFormat.Csv, transforms));

    private List<string[]> Mask(string data, int partitions, params ColumnTransform[] transforms) => Read(Run(data, _keyPath, "out-" + Guid.NewGuid().ToString("N"), partitions, MaskOutputFormat.Csv, transforms));

    private string MaskInto(string name, int partitions, MaskOutputFormat format, params ColumnTransform[] transforms) => Run(_data, _keyPath, name, partitions, format, transforms);

    /// <summary>What the cluster does, in one process: plan, one part per partition, the manifest.</summary>
    private string Run(string data, string key, string name, int partitions, MaskOutputFormat format, ColumnTransform[] transforms)
    {
        var output = _files.Directory(name);
        var options = new MaskOptions { Path = data, OutputDirectory = output, OutputFormat = format, KeyPath = key, Transforms = transforms };
        var plan = DatasetPlanner.Plan(options.PlanOptions, partitions);
        Assert.Null(options.Validate(plan.Schema.FeatureNames));
        using var mask = MaskKey.Load(key);
        var parts = plan.Partitions.Select(p => PartMasker.Write(options, p, mask, CancellationToken.None)).ToList();
        MaskManifest.Of(options, plan.Schema.FeatureNames, mask.Id, parts).Write(output);
        return output;
    }

    /// <summary>Every part's rows in partition order, without the parts' headers.</summary>
    private static List<string[]> Read(string output) =>
        [.. MaskManifest.Read(output).Parts.SelectMany(p => File.ReadAllLines(Path.Combine(output, p.File)).Skip(1)).Select(Split)];

    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
