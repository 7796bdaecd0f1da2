// The bridge server (see server.h): a poll loop over the listening socket, a wake pipe and every
// client connection, executing each complete request on the recorder before reading the next, and
// answering sleeps when virtual time reaches them.
#include "tools/sgio_bridge/server.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <map>
#include <new>
#include <vector>

#include "tools/sgio_bridge/protocol.h"

namespace dm::sgio {
namespace {

struct Client {
  int pid = 0;
  std::string comm = "?";
  bool sleeping = false;
  bool blocked = false;      // in a wait outside the bridge (waitpid): cannot act before a sleeper
  vrec::Ticks deadline = 0;  // when sleeping: the virtual time its reply is due
};

int64_t clockNs(clockid_t id) {
  timespec ts{};
  ::clock_gettime(id, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

vrec::DataDirection toRecorder(WireDirection d) {
  switch (d) {
    case WireDirection::kToDevice: return vrec::DataDirection::kToDevice;
    case WireDirection::kFromDevice: return vrec::DataDirection::kFromDevice;
    case WireDirection::kNone: break;
  }
  return vrec::DataDirection::kNone;
}

std::string hexBytes(const uint8_t* p, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += fmt::format("{}{:02X}", i == 0 ? "" : " ", p[i]);
  return s;
}

}  // namespace

Server::Server(vrec::Recorder& recorder) : recorder_(recorder) {}

Server::~Server() {
  stop();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  for (int fd : wake_pipe_) {
    if (fd >= 0) ::close(fd);
  }
  if (clock_ != nullptr) ::munmap(clock_, kClockPageBytes);
}

std::string Server::listen(const std::filesystem::path& socket_path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string path = socket_path.string();
  if (path.size() >= sizeof(addr.sun_path)) return fmt::format("{}: socket path too long", path);
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return fmt::format("socket: {}", std::strerror(errno));
  if (::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listen_fd_, 64) != 0) {
    return fmt::format("{}: {}", path, std::strerror(errno));
  }
  if (::pipe2(wake_pipe_, O_CLOEXEC) != 0) return fmt::format("pipe: {}", std::strerror(errno));

  const std::string clock_path = (socket_path.parent_path() / kClockName).string();
  const int fd = ::open(clock_path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fmt::format("{}: {}", clock_path, std::strerror(errno));
  void* page = ::ftruncate(fd, kClockPageBytes) == 0
                   ? ::mmap(nullptr, kClockPageBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
                   : MAP_FAILED;
  ::close(fd);
  if (page == MAP_FAILED) return fmt::format("{}: {}", clock_path, std::strerror(errno));
  clock_ = new (page) ClockPage();
  const auto now = static_cast<int64_t>(recorder_.now());
  clock_->realtime_base_ns = clockNs(CLOCK_REALTIME) - now;
  clock_->monotonic_base_ns = clockNs(CLOCK_MONOTONIC) - now;
  publish();
  return "";
}

void Server::publish() {
  if (clock_ != nullptr) __atomic_store_n(&clock_->now_ns, recorder_.now(), __ATOMIC_RELEASE);
}

void Server::start() { thread_ = std::thread([this] { run(); }); }

void Server::stop() {
  if (!thread_.joinable()) return;
  const char byte = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_pipe_[1], &byte, 1);
  thread_.join();
}

void Server::run() {
  std::map<int, Client> clients;
  std::vector<uint8_t> data;
  auto drop = [&clients](int fd) {
    ::close(fd);
    clients.erase(fd);
  };
  // Answers every sleeper whose deadline virtual time has reached.
  auto wakeDue = [&] {
    std::vector<int> dead;
    for (auto& [fd, c] : clients) {
      if (!c.sleeping || c.deadline > recorder_.now()) continue;
      c.sleeping = false;
      ResponseHeader resp;
      resp.now_ns = recorder_.now();
      if (!sendAll(fd, &resp, sizeof(resp))) dead.push_back(fd);
    }
    for (int fd : dead) drop(fd);
  };
  // Lets virtual time run to the earliest deadline (see server.h), then wakes who is due.
  auto jumpToEarliest = [&] {
    vrec::Ticks earliest = ~vrec::Ticks{0};
    for (const auto& [fd, c] : clients) {
      if (c.sleeping) earliest = std::min(earliest, c.deadline);
    }
    if (earliest == ~vrec::Ticks{0}) return;
    if (earliest > recorder_.now()) recorder_.advance(earliest - recorder_.now());
    publish();
    wakeDue();
  };
  for (;;) {
    size_t sleeping = 0, idle = 0;
    for (const auto& [fd, c] : clients) {
      sleeping += c.sleeping ? 1 : 0;
      idle += c.sleeping || c.blocked ? 1 : 0;
    }
    // Everyone idle: take what is already queued (a new process's connection, a request in
    // flight) first, then let time jump. Someone busy: wait for them, kQuietMs at most.
    const int timeout = sleeping == 0 ? -1 : idle == clients.size() ? 0 : kQuietMs;
    std::vector<pollfd> fds{{wake_pipe_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}};
    for (const auto& [fd, client] : clients) fds.push_back({fd, POLLIN, 0});
    const int ready = ::poll(fds.data(), fds.size(), timeout);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (ready == 0) {
      jumpToEarliest();
      continue;
    }
    if (fds[0].revents != 0) break;
    if ((fds[1].revents & POLLIN) != 0) {
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd >= 0) clients[fd] = Client{};
    }
    for (size_t i = 2; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      const int fd = fds[i].fd;
      RequestHeader req;
      bool ok = clients.count(fd) != 0 && recvAll(fd, &req, sizeof(req)) && req.magic == kMagic;
      if (ok && req.type == MessageType::kHello) {
        clients[fd].pid = req.pid;
        clients[fd].comm.assign(req.comm, strnlen(req.comm, sizeof(req.comm)));
        continue;
      }
      if (ok && req.type == MessageType::kBlocked) {
        clients[fd].blocked = req.nanoseconds != 0;
        continue;
      }
      if (ok && req.type == MessageType::kSleep) {
        ++sleeps_;
        clients[fd].sleeping = true;
        clients[fd].deadline = recorder_.now() + req.nanoseconds;
        continue;  // answered by wakeDue()
      }
      ResponseHeader resp;
      if (ok && req.type == MessageType::kCommand) {
        ok = req.cdb_length >= 6 && req.cdb_length <= 16 && req.data_bytes <= kMaxDataBytes;
        data.assign(req.data_bytes, 0);
        if (ok && req.direction == WireDirection::kToDevice) ok = recvAll(fd, data.data(), data.size());
        if (ok) {
          const std::span<uint8_t> host =
              req.direction == WireDirection::kNone ? std::span<uint8_t>() : std::span<uint8_t>(data);
          const vrec::CommandOutcome out =
              recorder_.execute(std::span<const uint8_t>(req.cdb, req.cdb_length), toRecorder(req.direction), host);
          publish();
          ++commands_;
          resp.status = out.status;
          resp.sense_length = out.status == vrec::kStatusGood ? 0 : out.sense_length;
          std::memcpy(resp.sense, out.sense.data(), std::min<size_t>(out.sense.size(), kMaxSenseBytes));
          resp.data_bytes = req.direction == WireDirection::kFromDevice
                                ? static_cast<uint32_t>(std::min(out.transferred, data.size()))
                                : 0;
          resp.duration_ns = out.finished - out.started;
          resp.now_ns = recorder_.now();
          // ILLEGAL REQUEST (05h) is the drive refusing the command itself: say who sent it.
          if (out.status != vrec::kStatusGood && (out.sense[2] & 0x0F) == 0x05) {
            ++rejected_;
            const Client& c = clients[fd];
            // SKSV: where the drive found the fault (SPC-3 field pointer), CDB or parameter list.
            std::string where;
            if ((out.sense[15] & 0x80) != 0) {
              where = std::string(" at ") + ((out.sense[15] & 0x40) != 0 ? "CDB" : "parameter list") + " byte " +
                      std::to_string(out.sense[16] << 8 | out.sense[17]);
              if ((out.sense[15] & 0x08) != 0) where += " bit " + std::to_string(out.sense[15] & 0x07);
            }
            std::fprintf(stderr, "discmaster emulate: %s[%d]: CDB %s rejected: sense %02X/%02X/%02X%s\n",
                         c.comm.c_str(), c.pid, hexBytes(req.cdb, req.cdb_length).c_str(), out.sense[2] & 0x0F,
                         out.sense[12], out.sense[13], where.c_str());
          }
        }
        ok = ok && sendAll(fd, &resp, sizeof(resp)) && sendAll(fd, data.data(), resp.data_bytes);
      } else if (ok && req.type == MessageType::kNow) {
        resp.now_ns = recorder_.now();
        ok = sendAll(fd, &resp, sizeof(resp));
      } else {
        ok = false;
      }
      if (!ok) drop(fd);
    }
    wakeDue();  // a command may have carried time past a sleeper's deadline
  }
  for (const auto& [fd, client] : clients) ::close(fd);
}

}  // namespace dm::sgio
