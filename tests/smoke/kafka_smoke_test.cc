// Kafka through librdkafka: an idempotent producer writes one keyed message, a consumer in a new
// group reads the same message back from the start of the topic.
#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "tests/support/test_env.h"

namespace {

std::unique_ptr<RdKafka::Conf> MakeConf(std::string const& brokers,
                                        std::initializer_list<std::pair<char const*, std::string>> settings) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  EXPECT_EQ(conf->set("bootstrap.servers", brokers, error), RdKafka::Conf::CONF_OK) << error;
  for (auto const& [name, value] : settings) {
    EXPECT_EQ(conf->set(name, value, error), RdKafka::Conf::CONF_OK) << name << ": " << error;
  }
  return conf;
}

TEST(KafkaSmoke, ProduceThenConsumeTheSameMessage) {
  std::string const brokers = mercato::testing::RequiredEnv("MERCATO_TEST_KAFKA");
  std::string const topic = mercato::testing::UniqueName("smoke");
  std::string const key = "order-42";
  std::string const payload = "order.created";
  std::string error;

  auto producer_conf = MakeConf(brokers, {{"enable.idempotence", "true"}, {"acks", "all"}});
  std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(producer_conf.get(), error));
  ASSERT_TRUE(producer) << error;
  auto const produced = producer->produce(topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                                          const_cast<char*>(payload.data()), payload.size(), key.data(),
                                          key.size(), 0, nullptr);
  ASSERT_EQ(produced, RdKafka::ERR_NO_ERROR) << RdKafka::err2str(produced);
  ASSERT_EQ(producer->flush(30000), RdKafka::ERR_NO_ERROR) << "message not delivered within 30 s";
  ASSERT_EQ(producer->outq_len(), 0);

  auto consumer_conf = MakeConf(brokers, {{"group.id", topic + "-reader"},
                                          {"auto.offset.reset", "earliest"},
                                          {"enable.auto.commit", "false"}});
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(RdKafka::KafkaConsumer::create(consumer_conf.get(), error));
  ASSERT_TRUE(consumer) << error;
  ASSERT_EQ(consumer->subscribe({topic}), RdKafka::ERR_NO_ERROR);

  auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::string received_key;
  std::string received_payload;
  while (received_payload.empty() && std::chrono::steady_clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> message(consumer->consume(500));
    if (message->err() == RdKafka::ERR_NO_ERROR) {
      received_key = message->key() ? *message->key() : "";
      received_payload.assign(static_cast<char const*>(message->payload()), message->len());
    }
  }
  consumer->close();

  EXPECT_EQ(received_payload, payload) << "nothing consumed from " << topic << " within 30 s";
  EXPECT_EQ(received_key, key);
}

}  // namespace
