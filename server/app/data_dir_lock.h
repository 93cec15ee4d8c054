// One mercatod per embedded data directory: the process holds an exclusive lock on
// <data-dir>/mercatod.lock for its lifetime, so a second one refuses to start instead of serving
// a store whose in-process caches, sessions and events it does not share.
#pragma once

#include <string>

#include "server/domain/error.h"

namespace mercato::server {

class DataDirLock {
 public:
  // Creates the directory if needed and takes the lock; fails FAILED_PRECONDITION naming the pid
  // that holds it, or UNAVAILABLE when the directory cannot be written.
  static domain::Result<DataDirLock> Acquire(std::string const& data_dir);

  DataDirLock(DataDirLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DataDirLock& operator=(DataDirLock&&) = delete;
  DataDirLock(DataDirLock const&) = delete;
  ~DataDirLock();

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace mercato::server
