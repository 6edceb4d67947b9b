using Disque.Domain;

namespace Disque.Tests.Domain;

public class StoreShardsTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(32)]
    public void A_store_makes_ids_that_are_filed_in_it(int stores)
    {
        for (var store = 0; store < stores; store++)
        {
            var ids = new JobIdGenerator(7, store: store, stores: stores);
            for (var i = 0; i < 2000; i++)
            {
                var id = ids.Next(60, 1);
                Assert.Equal(store, StoreShards.Of(id, stores));
                Assert.False(StoreShards.IsPinned(id));
            }
        }
    }

    [Fact]
    public void A_pinned_id_is_in_store_0_for_every_K()
    {
        var ids = new JobIdGenerator(7, store: 1, stores: 2);
        for (var i = 0; i < 1000; i++)
        {
            var id = ids.Next(60, 1, pinned: true);
            Assert.True(StoreShards.IsPinned(id));
            foreach (var stores in new[] { 1, 2, 3, 5, 8, 32 })
                Assert.Equal(0, StoreShards.Of(id, stores));
        }
    }

    [Fact]
    public void With_one_store_ids_are_made_as_before()
    {
        var fill = (Span<byte> b) => { for (var i = 0; i < b.Length; i++) b[i] = (byte)(i * 31 + 5); };

        Assert.Equal(new JobIdGenerator(9, fill).Next(60, 1), new JobIdGenerator(9, fill, store: 0, stores: 1).Next(60, 1));
    }

    [Fact]
    public void Ids_spread_over_the_stores_and_keep_their_table_shards()
    {
        var plain = new JobIdGenerator(3);
        var counts = new int[4];
        var shardsBefore = new HashSet<uint>();
        for (var i = 0; i < 40_000; i++)
        {
            var id = plain.Next(60, 1);
            counts[StoreShards.Of(id, 4)]++;
            shardsBefore.Add(id.RandomBits % 256);
        }
        Assert.All(counts, c => Assert.InRange(c, 9000, 11000));
        Assert.Equal(256, shardsBefore.Count);

        var steered = new JobIdGenerator(3, store: 1, stores: 4);
        var shards = Enumerable.Range(0, 40_000).Select(_ => steered.Next(60, 1).RandomBits % 256).ToHashSet();
        Assert.Equal(256, shards.Count);
    }
}
