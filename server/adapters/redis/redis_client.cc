// hiredis with a connect/command timeout on every connection; a failed connection is dropped.
#include "server/adapters/redis/redis_client.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <stdexcept>

namespace mercato::adapters {
namespace {

timeval ToTimeval(std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  return tv;
}

RedisReply Convert(redisReply const* reply) {
  RedisReply out;
  switch (reply->type) {
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::kString;
      out.text.assign(reply->str, reply->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::kStatus;
      out.text.assign(reply->str, reply->len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = RedisReply::Type::kError;
      out.text.assign(reply->str, reply->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = reply->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      for (std::size_t i = 0; i < reply->elements; ++i) out.elements.push_back(Convert(reply->element[i]));
      break;
    default:
      out.type = RedisReply::Type::kNil;
  }
  return out;
}

}  // namespace

void RedisClient::ContextDeleter::operator()(redisContext* context) const { redisFree(context); }

RedisClient::RedisClient(std::string address, std::size_t pool_size, std::chrono::milliseconds timeout,
                         std::chrono::milliseconds probe_interval, std::string probe_key)
    : address_(std::move(address)),
      probe_key_(std::move(probe_key)),
      timeout_(timeout),
      pool_size_(pool_size == 0 ? 1 : pool_size),
      prober_("redis probe", probe_interval, [this] {
        if (breaker_.open() && AnswersWrites()) breaker_.ProbeSucceeded();
        return domain::Result<bool>(false);
      }) {
  auto const colon = address_.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("redis address must be host:port, got " + address_);
  host_ = address_.substr(0, colon);
  port_ = std::stoi(address_.substr(colon + 1));
  prober_.Start();
}

RedisClient::~RedisClient() = default;

RedisClient::Context RedisClient::Connect() const {
  Context context(redisConnectWithTimeout(host_.c_str(), port_, ToTimeval(timeout_)));
  if (!context || context->err != 0) return nullptr;
  redisSetTimeout(context.get(), ToTimeval(timeout_));
  return context;
}

std::string RedisClient::Probe() const {
  Context context(redisConnectWithTimeout(host_.c_str(), port_, ToTimeval(timeout_)));
  if (!context) return "out of memory";
  if (context->err != 0) return context->errstr;
  redisSetTimeout(context.get(), ToTimeval(timeout_));
  auto* raw = static_cast<redisReply*>(redisCommand(context.get(), "PING"));
  if (raw == nullptr) return context->errstr[0] != '\0' ? context->errstr : "no answer to PING";
  std::string problem = raw->type == REDIS_REPLY_ERROR ? std::string(raw->str, raw->len) : "";
  freeReplyObject(raw);
  return problem;
}

bool RedisClient::AnswersWrites() const {
  Context context = Connect();
  if (!context) return false;
  auto* raw = static_cast<redisReply*>(redisCommand(context.get(), "SET %s 1 PX 10000", probe_key_.c_str()));
  if (raw == nullptr) return false;
  freeReplyObject(raw);
  return true;
}

// nullopt when every connection stayed leased for `timeout_` (Redis hangs: the holders are waiting
// for it); a null Context when a new connection could not be made.
std::optional<RedisClient::Context> RedisClient::Acquire() {
  std::unique_lock lock(mutex_);
  if (!available_.wait_for(lock, timeout_, [this] { return !idle_.empty() || leased_ < pool_size_; })) {
    return std::nullopt;
  }
  ++leased_;
  if (!idle_.empty()) {
    Context context = std::move(idle_.back());
    idle_.pop_back();
    return context;
  }
  lock.unlock();
  return Connect();
}

void RedisClient::Release(Context context) {
  {
    std::lock_guard lock(mutex_);
    --leased_;
    if (context) idle_.push_back(std::move(context));
  }
  available_.notify_one();
}

std::optional<RedisReply> RedisClient::Command(std::vector<std::string> const& args) {
  if (!breaker_.AllowsCalls()) return std::nullopt;
  auto acquired = Acquire();
  if (!acquired) return std::nullopt;
  Context context = std::move(*acquired);
  if (!breaker_.AllowsCalls()) {  // it opened while this call waited for a connection
    Release(std::move(context));
    return std::nullopt;
  }
  if (!context) {
    Release(nullptr);
    ++commands_failed_;
    breaker_.RecordFailure();
    return std::nullopt;
  }
  std::vector<char const*> argv;
  std::vector<std::size_t> lengths;
  for (auto const& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  auto* raw = static_cast<redisReply*>(
      redisCommandArgv(context.get(), static_cast<int>(args.size()), argv.data(), lengths.data()));
  if (raw == nullptr) {  // I/O error or timeout: the connection is unusable
    Release(nullptr);
    ++commands_failed_;
    breaker_.RecordFailure();
    return std::nullopt;
  }
  RedisReply reply = Convert(raw);
  freeReplyObject(raw);
  Release(std::move(context));
  return reply;
}

}  // namespace mercato::adapters
