package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A real three-master Redis Cluster for tests: three {@code redis-server} processes (the binary
 * {@link RedisServerFixture} uses) in cluster mode on free ports of 127.0.0.1, no replicas, no
 * persistence. Slots are assigned in three equal ranges, master {@code i} holding range {@code i},
 * with CLUSTER ADDSLOTS and CLUSTER MEET (no {@code redis-cli} needed). Each master keeps its
 * {@code nodes.conf} in the fixture's own directory, so {@link #startMaster} after
 * {@link #stopMaster} brings it back on its port with its slots (empty, like a restarted
 * cache node). The cluster serves partial coverage: while one master is down, the others'
 * slots keep working.
 */
public final class RedisClusterFixture implements AutoCloseable {

    public static final int MASTERS = 3;
    /** How long masters wait before calling a silent one failed. */
    public static final Duration NODE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);

    private final Path directory;
    private final List<RedisServerFixture> masters = new ArrayList<>();
    private final RedisClient adminClient = RedisClient.create();

    private RedisClusterFixture(Path directory) {
        this.directory = directory;
    }

    /** Starts three masters, joins them into one cluster and waits until every one reports it ok. */
    public static RedisClusterFixture start() {
        RedisClusterFixture cluster;
        try {
            cluster = new RedisClusterFixture(Files.createTempDirectory("redis-cluster-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (int i = 0; i < MASTERS; i++) {
                int port = RedisServerFixture.freePort();
                RedisServerFixture master = RedisServerFixture.notStartedOn(port,
                        "cluster-enabled yes",
                        "cluster-config-file " + cluster.directory.resolve("nodes-" + port + ".conf"),
                        "cluster-node-timeout " + NODE_TIMEOUT.toMillis(),
                        "cluster-require-full-coverage no");
                cluster.masters.add(master);
                master.start();
            }
            cluster.join();
            cluster.awaitOk();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Seed nodes as {@code REDIS_CLUSTER_NODES} takes them: {@code 127.0.0.1:p1,127.0.0.1:p2,…}. */
    public String nodes() {
        return masters.stream().map(m -> "127.0.0.1:" + m.port()).collect(Collectors.joining(","));
    }

    public int port(int master) {
        return masters.get(master).port();
    }

    /** Which master (0 to 2) holds {@code key}'s slot. */
    public static int masterOf(String key) {
        int slot = SlotHash.getSlot(key);
        int master = MASTERS - 1;
        while (firstSlot(master) > slot) {
            master--;
        }
        return master;
    }

    /** The first slot of master {@code i}'s range; the range ends where the next one's begins. */
    private static int firstSlot(int master) {
        return master * SlotHash.SLOT_COUNT / MASTERS;
    }

    /** Stops one master (SIGTERM to the process); its slots are unserved until {@link #startMaster}. */
    public void stopMaster(int master) {
        masters.get(master).stop();
    }

    /** Starts a stopped master on its port from its nodes.conf and waits until the cluster is ok again. */
    public void startMaster(int master) {
        masters.get(master).start();
        awaitOk();
    }

    /** Waits until every master reports {@code cluster_state:ok} and knows all three. */
    public void awaitOk() {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = onEveryMaster(admin -> admin.sync().clusterInfo()).stream()
                        .filter(info -> !info.contains("cluster_state:ok")
                                || !info.contains("cluster_known_nodes:" + MASTERS))
                        .findFirst().orElse(null);
                if (last == null) {
                    return;
                }
            } catch (RuntimeException notYet) {
                last = notYet.toString();
            }
            sleep(100);
        }
        throw new IllegalStateException("redis cluster not ok within " + READY_WITHIN + ": " + last);
    }

    @Override
    public void close() {
        try {
            masters.forEach(RedisServerFixture::close);
            adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a leftover temp directory is harmless
            }
        }
    }

    /** Gives master i slot range i, then introduces every master to the first. */
    private void join() {
        List<Integer> ports = masters.stream().map(RedisServerFixture::port).toList();
        for (int i = 0; i < MASTERS; i++) {
            int[] slots = IntStream.range(firstSlot(i), firstSlot(i + 1)).toArray();
            long epoch = i + 1;
            withAdmin(ports.get(i), admin -> {
                admin.sync().clusterSetConfigEpoch(epoch);
                return admin.sync().clusterAddSlots(slots);
            });
        }
        for (int i = 1; i < MASTERS; i++) {
            int port = ports.get(i);
            withAdmin(ports.getFirst(), admin -> admin.sync().clusterMeet("127.0.0.1", port));
        }
    }

    private List<String> onEveryMaster(Function<StatefulRedisConnection<String, String>, String> command) {
        List<String> answers = new ArrayList<>();
        for (RedisServerFixture master : masters) {
            answers.add(withAdmin(master.port(), command));
        }
        return answers;
    }

    private String withAdmin(int port, Function<StatefulRedisConnection<String, String>, String> command) {
        try (StatefulRedisConnection<String, String> admin = adminClient.connect(RedisURI.create("127.0.0.1", port))) {
            return command.apply(admin);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
