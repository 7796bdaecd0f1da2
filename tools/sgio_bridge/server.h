// The SG_IO bridge's server: one vrec::Recorder shared by every process and thread of an emulated
// program. It listens on a Unix socket (protocol.h), accepts any number of client connections (one
// per process using the shim; a process reconnects after fork) and serves them one request at a
// time from a single thread, so the single-threaded recorder never sees two commands at once.
// Commands rejected with ILLEGAL REQUEST are logged to stderr with the client's name and pid
// (sgio-bridge.md: "a rejected CDB is logged with the client's name").
//
// Virtual time. The recorder never advances by wall time: only commands (their modelled duration)
// and the clients' sleeps move its clock, which the server publishes in the clock page
// (protocol.h ClockPage) after every change; the shim's clock_gettime/gettimeofday/time read it.
// A sleep is a request that is answered when virtual time reaches the sleeper's deadline, so a
// thread polling a drive (libburn's worker) and a thread polling progress (cdrskin's main thread)
// do not race each other's time forward. Every thread of every client process is connected
// before it can run: pthread_create and fork connect for the new thread or child before they
// return, an exec'd program connects in the library's constructor. So the server knows who could
// still act (only between an exec and that constructor is a process unseen). Time jumps to the
// earliest pending deadline when
//   - every connected client thread is asleep or blocked in waitpid & co. (nothing else can
//     happen first), or
//   - no request has arrived for kQuietMs of wall time while some thread sleeps (a thread that is
//     computing, or blocked outside the bridge — waitpid, a pipe — will not be waited for longer).
// Commands that pass a sleeper's deadline wake it too. The quiet rule is the one place wall time
// still matters: a client thread that computes for longer than kQuietMs between two requests
// while another sleeps sees the sleeper wake first. The other is the client's own thread races:
// when libburn's worker thread sends commands while cdrskin's main thread goes to sleep, the
// sleep's deadline counts from whichever virtual time it arrives at. So a multi-threaded client
// sends the same commands in the same order every run, but their times can differ by a few
// milliseconds; a single-threaded one (wodim's writer, cdrdao) repeats its trace exactly.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>

#include "emulator/drive/recorder.h"
#include "tools/sgio_bridge/protocol.h"

namespace dm::sgio {

class Server {
 public:
  // Serves `recorder` (not owned; it must outlive the server). Call listen() then start().
  explicit Server(vrec::Recorder& recorder);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Wall time the server waits for any request before letting a sleeper's deadline arrive.
  static constexpr int kQuietMs = 3;

  // Binds and listens on `socket_path` and creates the clock page beside it (protocol.h
  // kClockName). Returns an error message, or "" on success.
  std::string listen(const std::filesystem::path& socket_path);
  // Starts the serving thread; stop() wakes it, closes every connection and joins it.
  void start();
  void stop();

  uint64_t commandsServed() const { return commands_.load(); }
  uint64_t commandsRejected() const { return rejected_.load(); }
  uint64_t sleepsServed() const { return sleeps_.load(); }

 private:
  void run();
  void publish();

  vrec::Recorder& recorder_;
  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  ClockPage* clock_ = nullptr;
  std::thread thread_;
  std::atomic<uint64_t> commands_{0};
  std::atomic<uint64_t> rejected_{0};
  std::atomic<uint64_t> sleeps_{0};
};

}  // namespace dm::sgio
