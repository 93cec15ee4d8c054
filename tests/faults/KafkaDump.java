// Prints every message of the topics whose names start with a prefix, from the beginning up to the
// end offsets at the start of the run, one line each: topic, partition, offset, key and the
// event_id and event_type headers, tab-separated. The fault suite (event_log.py) runs it with the
// broker's own jars, which hold the Java client: the suite needs no Kafka client of its own.
//
//   java -cp "$MERCATO_KAFKA_LIBS/*" KafkaDump.java BROKERS TOPIC_PREFIX
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

public class KafkaDump {
  public static void main(String[] args) {
    Properties config = new Properties();
    config.put("bootstrap.servers", args[0]);
    config.put("key.deserializer", ByteArrayDeserializer.class.getName());
    config.put("value.deserializer", ByteArrayDeserializer.class.getName());
    config.put("enable.auto.commit", "false");
    Duration wait = Duration.ofSeconds(30);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (Map.Entry<String, List<PartitionInfo>> topic : consumer.listTopics(wait).entrySet()) {
        if (!topic.getKey().startsWith(args[1])) continue;
        for (PartitionInfo partition : topic.getValue()) {
          partitions.add(new TopicPartition(partition.topic(), partition.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, wait);
      while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          System.out.println(String.join("\t", record.topic(), Integer.toString(record.partition()),
              Long.toString(record.offset()), text(record.key()), header(record, "event_id"),
              header(record, "event_type")));
        }
      }
    }
  }

  static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "" : text(header.value());
  }

  static String text(byte[] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }
}
