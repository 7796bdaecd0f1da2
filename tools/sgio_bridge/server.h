// The SG_IO bridge's server: one vrec::Recorder shared by every process and thread of an emulated
// program. It listens on a Unix socket (protocol.h), accepts any number of client connections (one
// per process using the shim; a process reconnects after fork) and serves them one request at a
// time from a single thread, so the single-threaded recorder never sees two commands at once.
// Commands rejected with ILLEGAL REQUEST are logged to stderr with the client's name and pid
// (sgio-bridge.md: "a rejected CDB is logged with the client's name").
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>

#include "emulator/drive/recorder.h"

namespace dm::sgio {

class Server {
 public:
  // Serves `recorder` (not owned; it must outlive the server). Call listen() then start().
  explicit Server(vrec::Recorder& recorder);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens on `socket_path`. Returns an error message, or "" on success.
  std::string listen(const std::filesystem::path& socket_path);
  // Starts the serving thread; stop() wakes it, closes every connection and joins it.
  void start();
  void stop();

  uint64_t commandsServed() const { return commands_.load(); }
  uint64_t commandsRejected() const { return rejected_.load(); }

 private:
  void run();

  vrec::Recorder& recorder_;
  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  std::thread thread_;
  std::atomic<uint64_t> commands_{0};
  std::atomic<uint64_t> rejected_{0};
};

}  // namespace dm::sgio
