// The SG_IO bridge's wire protocol, shared by the LD_PRELOAD shim (shim.cc) and the server in
// `discmaster emulate` (server.cc). Header-only, libc only: the shim must not pull in the engine or
// the emulator. Messages are fixed little headers (host byte order: both ends run on one machine)
// followed by their payload, over a SOCK_STREAM Unix socket:
//   hello    client → server: RequestHeader{kHello, pid, comm}; no reply
//   command  client → server: RequestHeader{kCommand, cdb, direction, data_bytes} + data-out bytes
//            server → client: ResponseHeader{status, sense, data_bytes, duration} + data-in bytes
//   now      client → server: RequestHeader{kNow}; reply ResponseHeader with now_ns only
//   sleep    client → server: RequestHeader{kSleep, nanoseconds}; the reply (now_ns only) comes
//            when virtual time has reached the sleeper's deadline (server.h says when that is)
//   blocked  client → server: RequestHeader{kBlocked, nanoseconds 1 = entering, 0 = leaving} a wait
//            outside the bridge (waitpid); no reply
// Each thread of a client has its own connection (a sleeping thread must not block the others).
// The virtual clock itself is published in a shared page (ClockPage) that every process of the
// run maps read-only, so reading a clock costs no round trip.
// The send/recv helpers use send(2)/recv(2), which the shim does not wrap.
#pragma once

#include <sys/socket.h>
#include <sys/types.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>

namespace dm::sgio {

inline constexpr uint32_t kMagic = 0x31475344;  // "DSG1"
// Environment the server gives the child (and the shim reads): the socket and the emulated path.
inline constexpr const char* kSocketEnv = "DISCMASTER_SGIO_SOCKET";
inline constexpr const char* kDeviceEnv = "DISCMASTER_SGIO_DEVICE";
// The placeholder file beside the socket that the shim opens as the device's real fd: fcntl locks
// (libburn's F_SETLK) and flock then exclude between the processes of one emulate session only,
// not between unrelated sessions as a shared /dev/null would.
inline constexpr const char* kPlaceholderName = "device";
// The placeholder of /dev/sgN opens: a file of its own, so that a process that inherits a device
// fd across exec can tell which node it is (shim_core.cc adoptInheritedFds).
inline constexpr const char* kGenericPlaceholderName = "device-sg";
// The clock page beside the socket (ClockPage), and the lock directory for O_EXCL opens.
inline constexpr const char* kClockName = "clock";
inline constexpr const char* kExclusiveName = "exclusive";
// The faked sysfs (fake_sysfs.h): paths under kSysfsPrefix are looked up under <dir>/sys/bus/scsi.
inline constexpr const char* kSysfsPrefix = "/sys/bus/scsi";
inline constexpr const char* kSysfsName = "sys/bus/scsi";
// The largest transfer one command may carry (larger requests are refused by the shim with EINVAL,
// as the sg driver refuses transfers above its reserved/max size).
inline constexpr uint32_t kMaxDataBytes = 16u << 20;
inline constexpr size_t kMaxSenseBytes = 32;

enum class MessageType : uint8_t { kHello = 1, kCommand = 2, kNow = 3, kSleep = 4, kBlocked = 5 };
enum class WireDirection : uint8_t { kNone = 0, kToDevice = 1, kFromDevice = 2 };

struct RequestHeader {
  uint32_t magic = kMagic;
  MessageType type = MessageType::kCommand;
  uint8_t cdb_length = 0;
  WireDirection direction = WireDirection::kNone;
  uint8_t reserved = 0;
  uint8_t cdb[16] = {};
  uint32_t data_bytes = 0;  // kToDevice: bytes that follow; kFromDevice: bytes the host expects
  int32_t pid = 0;          // hello: the client's pid
  char comm[16] = {};       // hello: /proc/self/comm, for logging rejected commands
  uint64_t nanoseconds = 0; // sleep: how long; blocked: 1 entering, 0 leaving
};

// The virtual clock as every client process sees it: one page, written by the server only.
// Clients read `now_ns` with an acquire load (no lock: one aligned 64-bit word). The clocks a
// client reads are the bases plus now_ns: CLOCK_REALTIME starts at the wall time the run began
// (file dates and logs stay plausible), CLOCK_MONOTONIC/BOOTTIME at the server's monotonic time.
struct ClockPage {
  uint32_t magic = kMagic;
  uint32_t reserved = 0;
  uint64_t now_ns = 0;            // the recorder's virtual time
  int64_t realtime_base_ns = 0;   // CLOCK_REALTIME = realtime_base_ns + now_ns
  int64_t monotonic_base_ns = 0;  // CLOCK_MONOTONIC = monotonic_base_ns + now_ns
};
inline constexpr size_t kClockPageBytes = 4096;

struct ResponseHeader {
  uint32_t magic = kMagic;
  uint8_t status = 0;        // SCSI status byte (0 GOOD, 2 CHECK CONDITION)
  uint8_t sense_length = 0;  // ≤ kMaxSenseBytes, fixed format (70h)
  uint8_t ok = 1;            // 0: the server could not execute the request at all
  uint8_t reserved = 0;
  uint8_t sense[kMaxSenseBytes] = {};
  uint32_t data_bytes = 0;   // data-in bytes that follow (what the device transferred)
  uint32_t reserved2 = 0;
  uint64_t duration_ns = 0;  // virtual time the command took
  uint64_t now_ns = 0;       // the recorder's virtual clock after the command
};

// Sends or receives exactly `n` bytes; false on EOF or error (EINTR is retried).
inline bool sendAll(int fd, const void* data, size_t n) {
  const auto* p = static_cast<const uint8_t*>(data);
  while (n > 0) {
    const ssize_t k = ::send(fd, p, n, MSG_NOSIGNAL);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    p += k;
    n -= static_cast<size_t>(k);
  }
  return true;
}

inline bool recvAll(int fd, void* data, size_t n) {
  auto* p = static_cast<uint8_t*>(data);
  while (n > 0) {
    const ssize_t k = ::recv(fd, p, n, 0);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    p += k;
    n -= static_cast<size_t>(k);
  }
  return true;
}

}  // namespace dm::sgio
