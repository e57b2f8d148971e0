package io.copyjobs.streams;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * Bounds the memory of all of a node's RocksDB stores together (Kafka Streams' documented recipe):
 * one shared block cache that also holds the index and filter blocks and counts the memtables
 * through a write buffer manager. Without it every store of every partition has its own 50 MB
 * cache and 3 × 16 MB memtables: with 9 stores and 24 tasks that is gigabytes of possible RSS.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {
    /** Off-heap memory for all stores of the node: block cache and memtables together. */
    static final long TOTAL_BYTES = 128L << 20;
    static final long MEMTABLE_BYTES = 32L << 20;
    static final long WRITE_BUFFER_BYTES = 4L << 20;
    static final long JOB_BLOCK_BYTES = 1024;

    // Shared by every store of the process: that is the point.
    private static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        if (Stores.JOBS.name().equals(storeName)) {
            // GetJob reads one job (~650 bytes) at random: in 4 KB blocks the cache holds a sixth
            // as many hot jobs as it could. Smaller blocks make a bigger index, so it is
            // partitioned: read a block at a time, only its top level pinned.
            table.setBlockSize(JOB_BLOCK_BYTES);
            table.setIndexType(IndexType.kTwoLevelIndexSearch);
            table.setPartitionFilters(true);
            table.setMetadataBlockSize(4096);
        }
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(WRITE_BUFFER_BYTES);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared and live as long as the process.
    }
}
