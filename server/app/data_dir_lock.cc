// flock(2) rather than a pid file alone: the kernel drops the lock when the process dies, even by
// SIGKILL, so a crash never leaves a stale lock behind.
#include "server/app/data_dir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace mercato::server {

domain::Result<DataDirLock> DataDirLock::Acquire(std::string const& data_dir) {
  std::error_code ignored;
  std::filesystem::create_directories(data_dir, ignored);
  auto const path = (std::filesystem::path(data_dir) / "mercatod.lock").string();
  int const fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return domain::Unavailable("--data-dir " + data_dir + ": cannot open " + path + " (" + std::strerror(errno) +
                               "); give a directory this user may write");
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char pid[32] = {};
    auto const got = ::pread(fd, pid, sizeof pid - 1, 0);
    ::close(fd);
    std::string const holder = got > 0 ? std::string(pid, static_cast<std::size_t>(got)) : "unknown";
    return domain::Error{domain::ErrorKind::kFailedPrecondition, "DATA_DIR_IN_USE",
                         "--data-dir " + data_dir + " is in use by another mercatod (pid " + holder +
                             "); stop that one, or give this one its own --data-dir",
                         {}};
  }
  auto const own_pid = std::to_string(::getpid());
  // The lock is what matters; the pid only makes the refusal message useful, so a failed write is ignored.
  bool const noted = ::ftruncate(fd, 0) == 0 && ::pwrite(fd, own_pid.data(), own_pid.size(), 0) >= 0;
  static_cast<void>(noted);
  return DataDirLock(fd);
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace mercato::server
