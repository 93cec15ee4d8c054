// Runs a handler whenever PostgreSQL delivers a notification on one of its channels (LISTEN /
// NOTIFY): how one mercatod learns at once that another committed or sequenced outbox events,
// instead of finding out at its next poll. One dedicated connection and one thread, which sleeps
// in poll(2) until the socket or a stop request wakes it.
//
// Notifications sent while the connection is down are lost (PostgreSQL keeps none for absent
// listeners), so after every (re)connect each handler runs once to catch up. It reconnects every
// `retry` while PostgreSQL is away; polling by the callers is the safety net meanwhile.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace mercato::adapters {

class PostgresListener {
 public:
  // Channel name (a plain SQL identifier) -> what to run when it is notified. Handlers run on
  // the listener's thread and should only wake someone.
  using Handlers = std::map<std::string, std::function<void()>>;

  PostgresListener(std::string conninfo, Handlers handlers, std::chrono::milliseconds retry);
  PostgresListener(PostgresListener const&) = delete;
  PostgresListener& operator=(PostgresListener const&) = delete;
  ~PostgresListener();  // stops

  void Start();
  // Returns once the thread has ended; safe to call twice.
  void Stop();

 private:
  void Run();
  void ListenUntilBroken();
  void RunEveryHandler();
  // Sleeps up to `timeout` (-1: no limit) for the socket `fd` (-1: none) or a stop request;
  // returns true when the socket became readable.
  bool Wait(int fd, int timeout_ms);

  std::string const conninfo_;
  Handlers const handlers_;
  std::chrono::milliseconds const retry_;
  int stop_event_ = -1;  // an eventfd, written by Stop
  std::atomic<bool> stopping_{false};
  std::mutex lifecycle_;
  std::thread thread_;
};

}  // namespace mercato::adapters
