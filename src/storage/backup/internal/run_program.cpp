#include "storage/backup/internal/run_program.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace linli::storage::internal {
namespace {

constexpr size_t kMaxErrors = 64 << 10;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  void Close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

}  // namespace

std::string ToolPath(const std::string& folder, const std::string& name) {
  if (folder.empty()) return name;
  return (std::filesystem::path(folder) / name).string();
}

core::Result<ProgramResult> RunProgram(const std::vector<std::string>& argv,
                                       const std::filesystem::path& stdout_file) {
  if (argv.empty()) return core::Error::Internal("RunProgram: empty argv");
  int out_pipe[2] = {-1, -1};
  int err_pipe[2] = {-1, -1};
  if (::pipe2(err_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0) {
    return core::Error::Unavailable(std::string("无法创建管道 (pipe): ") + std::strerror(errno));
  }
  Fd out_read{out_pipe[0]}, out_write{out_pipe[1]}, err_read{err_pipe[0]}, err_write{err_pipe[1]};
  Fd file;
  if (!stdout_file.empty()) {
    file.fd = ::open(stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (file.fd < 0) {
      return core::Error::Unavailable("无法写入文件 (cannot write) " + stdout_file.string() + ": " +
                                      std::strerror(errno));
    }
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, file.fd >= 0 ? file.fd : out_write.fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_write.fd, 2);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return core::Error::Unavailable("无法运行 " + argv[0] +
                                    " (cannot run it: " + std::strerror(spawned) + ")");
  }
  out_write.Close();
  err_write.Close();
  file.Close();

  ProgramResult result;
  pollfd fds[2] = {{out_read.fd, POLLIN, 0}, {err_read.fd, POLLIN, 0}};
  int open_streams = 2;
  char buffer[16384];
  while (open_streams > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (auto& entry : fds) {
      if (entry.fd < 0 || (entry.revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t got = ::read(entry.fd, buffer, sizeof buffer);
      if (got <= 0) {
        entry.fd = -1;
        --open_streams;
        continue;
      }
      std::string& sink = entry.fd == out_read.fd ? result.output : result.errors;
      if (&sink == &result.errors && sink.size() >= kMaxErrors) continue;
      sink.append(buffer, static_cast<size_t>(got));
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace linli::storage::internal
