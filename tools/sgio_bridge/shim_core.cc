// The SG_IO bridge library's core (see shim_core.h): the real libc functions, which paths are
// emulated, the fd table, and the one connection per process to the `discmaster emulate` server.
#include <dlfcn.h>
#include <fcntl.h>
#include <linux/cdrom.h>
#include <scsi/scsi.h>
#include <scsi/scsi_ioctl.h>
#include <scsi/sg.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <pthread.h>

#include <new>

#include "tools/sgio_bridge/protocol.h"


#include "tools/sgio_bridge/shim_core.h"

namespace dm::sgio::shim {

// ---------------------------------------------------------------------------------------------
// The real libc functions.




alignas(Real) unsigned char g_real_bytes[sizeof(Real)];  // constructed by the first real() call
pthread_once_t g_real_once = PTHREAD_ONCE_INIT;

// Resolved on first use: a program's own constructors may call open() before ours run.
const Real& real() {
  pthread_once(&g_real_once, [] { new (g_real_bytes) Real(); });
  return *std::launder(reinterpret_cast<const Real*>(g_real_bytes));
}

// ---------------------------------------------------------------------------------------------
// Which paths are emulated: /dev/srN, /dev/scdN (block) and /dev/sgN (char) for one N.


Config g_config;
pthread_once_t g_config_once = PTHREAD_ONCE_INIT;

const Config& config() {
  pthread_once(&g_config_once, [] {
    Config& c = g_config;
    const char* dev = std::getenv(dm::sgio::kDeviceEnv);
    if (dev != nullptr) {
      const char* digits = dev + std::strcspn(dev, "0123456789");
      c.n = static_cast<unsigned>(std::strtoul(digits, nullptr, 10));
    }
    std::snprintf(c.sr, sizeof(c.sr), "/dev/sr%u", c.n);
    std::snprintf(c.scd, sizeof(c.scd), "/dev/scd%u", c.n);
    std::snprintf(c.sg, sizeof(c.sg), "/dev/sg%u", c.n);
    if (const char* s = std::getenv(dm::sgio::kSocketEnv)) {
      std::snprintf(c.socket, sizeof(c.socket), "%s", s);
      if (const char* slash = std::strrchr(c.socket, '/')) {
        std::snprintf(c.placeholder, sizeof(c.placeholder), "%.*s/%s", static_cast<int>(slash - c.socket), c.socket,
                      dm::sgio::kPlaceholderName);
      }
    }
    const int fd = real().open("/proc/self/comm", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      const ssize_t k = real().read(fd, c.comm, sizeof(c.comm) - 1);
      if (k > 0) c.comm[std::strcspn(c.comm, "\n")] = '\0';
      real().close(fd);
    }
  });
  return g_config;
}

Node nodeOf(const char* path) {
  if (path == nullptr) return Node::kNone;
  const Config& c = config();
  if (std::strcmp(path, c.sr) == 0 || std::strcmp(path, c.scd) == 0) return Node::kBlock;
  if (std::strcmp(path, c.sg) == 0) return Node::kGeneric;
  return Node::kNone;
}

Node nodeAt(int dirfd, const char* path) {
  // Only absolute paths name a device; a relative one under dirfd never does here.
  (void)dirfd;
  return path != nullptr && path[0] == '/' ? nodeOf(path) : Node::kNone;
}

// ---------------------------------------------------------------------------------------------
// The fd table: which fds are the emulated device (libburn opens from a worker thread: a mutex).

FdEntry g_fds[kMaxFds];
pthread_mutex_t g_fds_mutex = PTHREAD_MUTEX_INITIALIZER;

Node fdNode(int fd) {
  if (fd < 0 || fd >= kMaxFds) return Node::kNone;
  Lock lock(g_fds_mutex);
  return g_fds[fd].node;
}

void trackFd(int fd, Node node) {
  if (fd < 0 || fd >= kMaxFds) return;
  Lock lock(g_fds_mutex);
  g_fds[fd] = FdEntry{};
  g_fds[fd].node = node;
}

void copyFd(int from, int to) {
  if (to < 0 || to >= kMaxFds) return;
  Lock lock(g_fds_mutex);
  g_fds[to] = (from >= 0 && from < kMaxFds) ? g_fds[from] : FdEntry{};
}

void untrackFd(int fd) {
  if (fd < 0 || fd >= kMaxFds) return;
  Lock lock(g_fds_mutex);
  g_fds[fd] = FdEntry{};
}

// ---------------------------------------------------------------------------------------------
// The connection to the server: one per process, made lazily, remade in a forked child.

pthread_mutex_t g_conn_mutex = PTHREAD_MUTEX_INITIALIZER;
int g_conn_fd = -1;
pid_t g_conn_pid = 0;

// A fork while another thread holds a lock would leave the child's copy locked forever (libburn
// scans from a worker thread): hold both locks across fork, release them on both sides.
__attribute__((constructor)) void registerForkHandlers() {
  pthread_atfork(
      [] {
        pthread_mutex_lock(&g_conn_mutex);
        pthread_mutex_lock(&g_fds_mutex);
      },
      [] {
        pthread_mutex_unlock(&g_fds_mutex);
        pthread_mutex_unlock(&g_conn_mutex);
      },
      [] {
        pthread_mutex_unlock(&g_fds_mutex);
        pthread_mutex_unlock(&g_conn_mutex);
      });
}

void dropConnection() {
  if (g_conn_fd >= 0) real().close(g_conn_fd);
  g_conn_fd = -1;
}

bool connectServer() {
  const Config& c = config();
  if (c.socket[0] == '\0') return false;
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, c.socket, sizeof(c.socket));
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    real().close(fd);
    return false;
  }
  RequestHeader hello;
  hello.type = dm::sgio::MessageType::kHello;
  hello.pid = getpid();
  std::memcpy(hello.comm, c.comm, sizeof(hello.comm));
  if (!dm::sgio::sendAll(fd, &hello, sizeof(hello))) {
    real().close(fd);
    return false;
  }
  g_conn_fd = fd;
  g_conn_pid = getpid();
  return true;
}


// Runs one CDB on the virtual recorder. For kFromDevice, `data` receives resp.data_bytes bytes.
Outcome runCommand(const uint8_t* cdb, size_t cdb_length, WireDirection direction, void* data, uint32_t bytes) {
  Outcome out;
  if (cdb_length == 0 || cdb_length > 16 || bytes > dm::sgio::kMaxDataBytes) return out;
  RequestHeader req;
  req.cdb_length = static_cast<uint8_t>(cdb_length);
  std::memcpy(req.cdb, cdb, cdb_length);
  req.direction = direction;
  req.data_bytes = direction == WireDirection::kNone ? 0 : bytes;
  Lock lock(g_conn_mutex);
  for (int attempt = 0; attempt < 2 && !out.ok; ++attempt) {
    if (g_conn_pid != getpid()) {
      // A forked child: the inherited socket is the parent's conversation; never speak on it.
      if (g_conn_fd >= 0) real().close(g_conn_fd);
      g_conn_fd = -1;
      g_conn_pid = getpid();
    }
    if (g_conn_fd < 0 && !connectServer()) return out;
    bool ok = dm::sgio::sendAll(g_conn_fd, &req, sizeof(req));
    if (ok && direction == WireDirection::kToDevice) ok = dm::sgio::sendAll(g_conn_fd, data, bytes);
    ok = ok && dm::sgio::recvAll(g_conn_fd, &out.resp, sizeof(out.resp)) && out.resp.magic == dm::sgio::kMagic &&
         out.resp.data_bytes <= req.data_bytes;
    if (ok && out.resp.data_bytes > 0) ok = dm::sgio::recvAll(g_conn_fd, data, out.resp.data_bytes);
    if (!ok) {
      dropConnection();
      continue;
    }
    out.ok = out.resp.ok != 0;
    if (!out.ok) return out;
  }
  return out;
}

uint8_t senseKey(const ResponseHeader& r) { return r.sense_length > 2 ? (r.sense[2] & 0x0F) : 0; }
uint8_t senseAsc(const ResponseHeader& r) { return r.sense_length > 12 ? r.sense[12] : 0; }

void logUnsupported(const char* what, unsigned long request) {
  std::fprintf(stderr, "discmaster sgio: %s[%d]: %s 0x%lx on %s not emulated\n", config().comm, getpid(), what,
               request, config().sr);
}

}  // namespace dm::sgio::shim
