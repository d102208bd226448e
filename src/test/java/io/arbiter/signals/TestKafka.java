package io.arbiter.signals;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A real single-node KRaft Kafka (broker and controller combined) in the test JVM, and the few
 * things the tests do to it: topics, records, a group's commits, deleted records. Uses only the
 * test kit's format, startup, waitForReadyBrokers, bootstrapServers and close — the rest of its
 * API changes between Kafka versions.
 */
public final class TestKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;
    private final Admin admin;
    private boolean stopped;

    private TestKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    /** The broker's own INFO lines would bury the test's; kept here, as the log manager holds its loggers weakly. */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("kafka"), Logger.getLogger("org.apache.kafka"),
            Logger.getLogger("state.change.logger"));

    public static TestKafka start() throws Exception {
        QUIET.forEach(l -> l.setLevel(Level.WARNING));
        // One broker: the internal topics (a group's commits, transactions) cannot have the default three replicas.
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new TestKafka(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public void createTopic(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }

    /** {@code count} records to each of the topic's first {@code partitions} partitions. */
    public void produce(String topic, int partitions, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, ("order-" + i).getBytes())).get();
                }
            }
        }
    }

    /** The group commits {@code offset} on the partition, as a consumer would after reading that far. */
    public void commit(String group, String topic, int partition, long offset) throws Exception {
        admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, partition), new OffsetAndMetadata(offset))).all().get();
    }

    /** Deletes the partition's records before {@code offset}: its earliest offset becomes {@code offset}. */
    public void deleteRecordsBefore(String topic, int partition, long offset) throws Exception {
        admin.deleteRecords(Map.of(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(offset))).all().get();
    }

    /** Stops the broker (the test kit cannot restart it). */
    public void stop() throws Exception {
        if (!stopped) {
            stopped = true;
            admin.close(Duration.ZERO);
            cluster.close();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
