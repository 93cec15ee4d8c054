// Sessions as Redis strings with a TTL plus a per-user set, changed together by Lua scripts.
#include "server/adapters/redis/redis_session_store.h"

#include <charconv>
#include <chrono>

namespace mercato::adapters {
namespace {

using Milliseconds = std::chrono::milliseconds;
using TimePoint = std::chrono::system_clock::time_point;

// KEYS: session, user set. ARGV: value, ttl ms, digest, session key prefix. Also forgets digests
// of sessions that expired, and keeps the set alive as long as its newest session.
constexpr char kCreateScript[] = R"lua(
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
for _, digest in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('EXISTS', ARGV[4] .. digest) == 0 then redis.call('SREM', KEYS[2], digest) end
end
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return 1
)lua";

// KEYS: session, user set. ARGV: digest, user id. Deletes the session only if it is that user's.
constexpr char kRevokeScript[] = R"lua(
local value = redis.call('GET', KEYS[1])
if value and string.sub(value, 1, #ARGV[2] + 1) == ARGV[2] .. '\n' then redis.call('DEL', KEYS[1]) end
redis.call('SREM', KEYS[2], ARGV[1])
return 1
)lua";

// KEYS: user set. ARGV: session key prefix, digest to keep ("" for none).
constexpr char kRevokeAllScript[] = R"lua(
local revoked = 0
for _, digest in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if digest ~= ARGV[2] then
    redis.call('DEL', ARGV[1] .. digest)
    redis.call('SREM', KEYS[1], digest)
    revoked = revoked + 1
  end
end
return revoked
)lua";

std::int64_t ToMillis(TimePoint time) {
  return std::chrono::duration_cast<Milliseconds>(time.time_since_epoch()).count();
}

std::string Encode(domain::Session const& session) {
  std::string roles;
  for (auto role : session.roles) {
    if (!roles.empty()) roles += ',';
    roles += std::to_string(static_cast<int>(role));
  }
  return session.user_id + "\n" + roles + "\n" + std::to_string(ToMillis(session.created_at)) + "\n" +
         std::to_string(ToMillis(session.expires_at));
}

template <typename Int>
bool ParseInt(std::string_view text, Int& value) {
  auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

std::optional<domain::Session> Decode(std::string const& digest, std::string_view value) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0;;) {
    auto const newline = value.find('\n', start);
    lines.push_back(value.substr(start, newline == std::string_view::npos ? std::string_view::npos : newline - start));
    if (newline == std::string_view::npos) break;
    start = newline + 1;
  }
  if (lines.size() != 4 || lines[0].empty()) return std::nullopt;
  domain::Session session;
  session.token_digest = digest;
  session.user_id = std::string(lines[0]);
  for (std::size_t start = 0; start < lines[1].size();) {
    auto const comma = lines[1].find(',', start);
    auto const item = lines[1].substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    int role = 0;
    if (!ParseInt(item, role) || role < 0 || role > static_cast<int>(domain::Role::kService)) return std::nullopt;
    session.roles.push_back(static_cast<domain::Role>(role));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  std::int64_t created = 0;
  std::int64_t expires = 0;
  if (!ParseInt(lines[2], created) || !ParseInt(lines[3], expires)) return std::nullopt;
  session.created_at = TimePoint(Milliseconds(created));
  session.expires_at = TimePoint(Milliseconds(expires));
  return session;
}

}  // namespace

domain::Status RedisSessionStore::Run(std::vector<std::string> const& command, char const* what) {
  auto reply = redis_.Command(command);
  if (!reply) {
    return domain::Unavailable(std::string("sessions: Redis at ") + redis_.address() + " did not answer (" + what +
                               "); retry later");
  }
  if (reply->type == RedisReply::Type::kError) {
    return domain::Unavailable(std::string("sessions: Redis refused ") + what + ": " + reply->text);
  }
  return domain::Ok();
}

domain::Status RedisSessionStore::Create(domain::Session const& session) {
  auto const ttl = std::chrono::duration_cast<Milliseconds>(session.expires_at - clock_.Now()).count();
  if (ttl <= 0) return domain::Ok();  // born expired: nothing to keep
  return Run({"EVAL", kCreateScript, "2", SessionKey(session.token_digest), UserKey(session.user_id), Encode(session),
              std::to_string(ttl), session.token_digest, prefix_ + "session:"},
             "creating a session");
}

domain::Result<std::optional<domain::Session>> RedisSessionStore::Find(std::string const& token_digest) {
  auto reply = redis_.Command({"GET", SessionKey(token_digest)});
  if (!reply || reply->type == RedisReply::Type::kError) {
    return domain::Unavailable("sessions: Redis at " + redis_.address() +
                               " did not answer a session lookup; retry later");
  }
  if (reply->type != RedisReply::Type::kString) return std::optional<domain::Session>();
  auto session = Decode(token_digest, reply->text);
  if (!session || session->expires_at <= clock_.Now()) return std::optional<domain::Session>();
  return session;
}

domain::Status RedisSessionStore::Revoke(std::string const& user_id, std::string const& token_digest) {
  return Run({"EVAL", kRevokeScript, "2", SessionKey(token_digest), UserKey(user_id), token_digest, user_id},
             "revoking a session");
}

domain::Status RedisSessionStore::RevokeAll(std::string const& user_id, std::optional<std::string> const& keep) {
  return Run({"EVAL", kRevokeAllScript, "1", UserKey(user_id), prefix_ + "session:", keep.value_or("")},
             "revoking a user's sessions");
}

}  // namespace mercato::adapters
