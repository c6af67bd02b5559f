using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;
using ShardML.Runtime.Jobs;
using ShardML.Runtime.Storage;

namespace ShardML.Runtime.Tests;

public sealed class FileGrainStorageTests : IDisposable
{
    private static readonly GrainId Grain = GrainId.Create("job", "test/1");
    private readonly string _directory = Directory.CreateTempSubdirectory("shardml-storage-").FullName;
    private readonly FileGrainStorage _storage;

    public FileGrainStorageTests()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        _storage = new FileGrainStorage(_directory, serializer, NullLogger.Instance);
    }

    [Fact]
    public async Task A_written_state_reads_back_with_its_etag()
    {
        var written = new GrainState<CheckpointSlot>(Slot(3, [1, 2, 3]));
        await _storage.WriteStateAsync("checkpoint-a", Grain, written);

        var read = new GrainState<CheckpointSlot>(new CheckpointSlot());
        await _storage.ReadStateAsync("checkpoint-a", Grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.State!.IsValid);
        Assert.Equal(new byte[] { 1, 2, 3 }, read.State.State);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    public async Task A_damaged_file_reads_as_absent_instead_of_failing(string damage)
    {
        await _storage.WriteStateAsync("checkpoint-a", Grain, new GrainState<CheckpointSlot>(Slot(1, new byte[4096])));
        var path = _storage.PathOf("checkpoint-a", Grain);
        var bytes = await File.ReadAllBytesAsync(path);
        if (damage == "truncated")
        {
            bytes = bytes[..(bytes.Length / 2)];
        }
        else
        {
            bytes[^10] ^= 0x40;
        }

        await File.WriteAllBytesAsync(path, bytes);
        var read = new GrainState<CheckpointSlot>(new CheckpointSlot());
        await _storage.ReadStateAsync("checkpoint-a", Grain, read);

        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State!.Sequence);
    }

    [Fact]
    public async Task An_intact_file_of_another_shape_is_kept_aside_read_as_absent_and_repaired_by_the_next_write()
    {
        // What a state directory from another version of ShardML looks like to this one: a sound file whose body
        // does not deserialize as the state type. It used to fail the grain's activation on every run.
        await _storage.WriteStateAsync("job-registry", Grain, new GrainState<CheckpointSlot>(Slot(3, [1, 2, 3])));

        var read = new GrainState<JobRegistryState>(new JobRegistryState());
        await _storage.ReadStateAsync("job-registry", Grain, read);
        var repaired = new GrainState<JobRegistryState>(new JobRegistryState()) { ETag = read.ETag };
        await _storage.WriteStateAsync("job-registry", Grain, repaired);
        var again = new GrainState<JobRegistryState>(new JobRegistryState());
        await _storage.ReadStateAsync("job-registry", Grain, again);

        Assert.False(read.RecordExists);
        Assert.NotNull(read.ETag);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(_storage.PathOf("job-registry", Grain))!, "*.unreadable"));
        Assert.True(again.RecordExists);
    }

    [Fact]
    public async Task A_write_from_a_stale_etag_is_refused()
    {
        var first = new GrainState<CheckpointSlot>(Slot(1, [1]));
        await _storage.WriteStateAsync("checkpoint-a", Grain, first);
        var stale = new GrainState<CheckpointSlot>(Slot(2, [2])) { ETag = first.ETag };
        await _storage.WriteStateAsync("checkpoint-a", Grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("checkpoint-a", Grain, stale));
    }

    [Fact]
    public async Task A_write_expecting_no_record_where_there_is_one_is_refused_and_a_cleared_version_never_matches_again()
    {
        var first = new GrainState<CheckpointSlot>(Slot(1, [1]));
        await _storage.WriteStateAsync("checkpoint-a", Grain, first);
        var stale = first.ETag;

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("checkpoint-a", Grain, new GrainState<CheckpointSlot>(Slot(2, [2]))));
        await _storage.ClearStateAsync("checkpoint-a", Grain, first);
        var read = new GrainState<CheckpointSlot>(new CheckpointSlot());
        await _storage.ReadStateAsync("checkpoint-a", Grain, read);

        Assert.False(read.RecordExists);
        Assert.NotEqual(stale, read.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("checkpoint-a", Grain, new GrainState<CheckpointSlot>(Slot(3, [3])) { ETag = stale }));
        await _storage.WriteStateAsync("checkpoint-a", Grain, new GrainState<CheckpointSlot>(Slot(3, [3])) { ETag = read.ETag });
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static CheckpointSlot Slot(long sequence, byte[] state) => new()
    {
        Sequence = sequence,
        Iteration = (int)sequence * 5,
        State = state,
        Checksum = CheckpointSlot.ChecksumOf(sequence, (int)sequence * 5, state),
        WrittenUtc = DateTime.UtcNow,
    };
}
