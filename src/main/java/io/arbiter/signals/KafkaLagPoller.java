package io.arbiter.signals;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A consumer group's lag, read with the Kafka Admin client: the group's committed offsets, the
 * topics' partitions, their end offsets and — for partitions where the group committed nothing,
 * which a new consumer would read from the start — their earliest offsets. The lag is the sum over
 * the partitions of end less committed (less earliest where none); observed when the offsets were
 * read.
 */
final class KafkaLagPoller implements SignalPoller {

    /** One Kafka-lag signal's configuration, checked ({@link SignalSources}). */
    record Settings(String signal, String bootstrapServers, String group, List<String> topics, Duration interval, Duration timeout,
                    Map<String, String> properties) {
    }

    private final Settings settings;
    private final Clock clock;
    private Admin admin; // created on the first read: an unreachable cluster is a failed poll, never a failed start

    KafkaLagPoller(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String signal() {
        return settings.signal();
    }

    @Override
    public String source() {
        return SignalSources.KAFKA;
    }

    @Override
    public Duration interval() {
        return settings.interval();
    }

    @Override
    public Reading read() throws Exception {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        Admin a = admin();
        KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> committedF = a.listConsumerGroupOffsets(settings.group(),
                new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs)).partitionsToOffsetAndMetadata();
        Map<String, TopicDescription> topics = get(a.describeTopics(settings.topics(), new DescribeTopicsOptions().timeoutMs(timeoutMs))
                .allTopicNames(), deadline);
        Map<TopicPartition, OffsetAndMetadata> committed = get(committedF, deadline);

        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        Map<TopicPartition, OffsetSpec> starts = new HashMap<>();
        for (TopicDescription t : topics.values()) {
            t.partitions().forEach(p -> {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                ends.put(tp, OffsetSpec.latest());
                if (committed.get(tp) == null) {
                    starts.put(tp, OffsetSpec.earliest());
                }
            });
        }
        ListOffsetsOptions options = new ListOffsetsOptions().timeoutMs(timeoutMs);
        KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> startsF = a.listOffsets(starts, options).all();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = get(a.listOffsets(ends, options).all(), deadline);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start = get(startsF, deadline);
        Instant observedAt = clock.instant();

        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : end.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            long from = c != null ? c.offset() : start.get(e.getKey()).offset();
            lag += Math.max(0, e.getValue().offset() - from); // a commit past the end (a truncated log) is no lag
        }
        return new Reading(BigDecimal.valueOf(lag), observedAt, null);
    }

    private static <T> T get(KafkaFuture<T> future, long deadline) throws Exception {
        return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private Admin admin() {
        if (admin == null) {
            Properties p = new Properties();
            p.putAll(settings.properties());
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
            p.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "arbiter-signal-" + settings.signal());
            int timeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
            p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
            p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
            admin = Admin.create(p);
        }
        return admin;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ZERO);
            admin = null;
        }
    }
}
