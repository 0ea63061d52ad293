// A child process of an end-to-end test: the real binary, started with posix_spawn, its stderr
// (and stdout) captured line by line so that the test can wait for "listening on HOST:PORT".
#ifndef VNNEWS_TESTS_E2E_PROCESS_H_
#define VNNEWS_TESTS_E2E_PROCESS_H_

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace vnnews::testing {

class Process {
 public:
  // Starts `path` with `args` (argv[1..]); `extra_env` entries ("K=V") are added to ours.
  Process(const std::string& path, const std::vector<std::string>& args,
          const std::vector<std::string>& extra_env = {}) {
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addclose(&actions, out[1]);
    std::vector<std::string> argv_storage = {path};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argv_storage) argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_storage;
    for (char** e = environ; *e != nullptr; ++e) env_storage.emplace_back(*e);
    env_storage.insert(env_storage.end(), extra_env.begin(), extra_env.end());
    std::vector<char*> envp;
    for (auto& entry : env_storage) envp.push_back(entry.data());
    envp.push_back(nullptr);
    const int rc = posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (rc != 0) {
      close(out[0]);
      pid_ = -1;
      std::fprintf(stderr, "posix_spawn %s: %s\n", path.c_str(), std::strerror(rc));
      return;
    }
    name_ = path.substr(path.rfind('/') + 1);
    reader_ = std::thread([this, fd = out[0]] { ReadOutput(fd); });
  }

  ~Process() {
    if (pid_ > 0 && !exit_status_) {
      kill(pid_, SIGKILL);
      Wait();
    }
    if (reader_.joinable()) reader_.join();
  }

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // Waits (at most `timeout`) for a line holding `needle`; returns that line.
  std::optional<std::string> WaitForLine(const std::string& needle,
                                         std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    std::optional<std::string> found;
    cv_.wait_for(lock, timeout, [&] {
      for (const auto& line : lines_) {
        if (line.find(needle) != std::string::npos) {
          found = line;
          return true;
        }
      }
      return eof_;
    });
    return found;
  }

  // The address printed in "listening on HOST:PORT", or empty when none came in 60 s.
  std::string WaitForAddress() {
    const auto line = WaitForLine("listening on ", std::chrono::seconds(60));
    if (!line) return "";
    return line->substr(line->find("listening on ") + std::strlen("listening on "));
  }

  void Signal(int signo) {
    if (pid_ > 0) kill(pid_, signo);
  }

  // Waits for the process to end; its exit code, or 128 + signal when a signal ended it.
  int Wait() {
    if (exit_status_) return *exit_status_;
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (reader_.joinable()) reader_.join();
    return *exit_status_;
  }

  // Waits at most `timeout` for the end; nullopt when it is still running.
  std::optional<int> WaitFor(std::chrono::milliseconds timeout) {
    const auto give_up = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < give_up) {
      int status = 0;
      const pid_t done = waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (reader_.joinable()) reader_.join();
        return exit_status_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
  }

  // Every line printed so far.
  std::vector<std::string> Lines() {
    std::lock_guard<std::mutex> lock(mu_);
    return lines_;
  }
  std::string Output() {
    std::string all;
    for (const auto& line : Lines()) all += line + "\n";
    return all;
  }

 private:
  void ReadOutput(int fd) {
    std::string partial;
    char buffer[4096];
    while (true) {
      const ssize_t n = read(fd, buffer, sizeof(buffer));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      partial.append(buffer, static_cast<size_t>(n));
      size_t newline;
      while ((newline = partial.find('\n')) != std::string::npos) {
        std::lock_guard<std::mutex> lock(mu_);
        lines_.push_back(partial.substr(0, newline));
        partial.erase(0, newline + 1);
        cv_.notify_all();
      }
    }
    close(fd);
    std::lock_guard<std::mutex> lock(mu_);
    if (!partial.empty()) lines_.push_back(partial);
    eof_ = true;
    cv_.notify_all();
  }

  pid_t pid_ = -1;
  std::string name_;
  std::optional<int> exit_status_;
  std::thread reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> lines_;
  bool eof_ = false;
};

}  // namespace vnnews::testing

#endif  // VNNEWS_TESTS_E2E_PROCESS_H_
