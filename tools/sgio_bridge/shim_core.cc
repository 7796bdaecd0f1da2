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
#include <sys/syscall.h>
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
        std::snprintf(c.sg_placeholder, sizeof(c.sg_placeholder), "%.*s/%s", static_cast<int>(slash - c.socket),
                      c.socket, dm::sgio::kGenericPlaceholderName);
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

namespace {

// The fd number in "/dev/fd/N", "/proc/self/fd/N", "/proc/thread-self/fd/N" or "/proc/PID/fd/N"
// (PID this process), else -1. Opening such a path reopens what fd N is: growisofs -M hands
// genisoimage its open device as "-M /dev/fd/N".
int fdOfProcPath(const char* path) {
  const char* rest = nullptr;
  if (std::strncmp(path, "/dev/fd/", 8) == 0) {
    rest = path + 8;
  } else if (std::strncmp(path, "/proc/", 6) == 0) {
    const char* p = path + 6;
    if (std::strncmp(p, "self/", 5) == 0) {
      p += 5;
    } else if (std::strncmp(p, "thread-self/", 12) == 0) {
      p += 12;
    } else {
      char* end = nullptr;
      const long pid = std::strtol(p, &end, 10);
      if (end == p || *end != '/' || pid != static_cast<long>(::getpid())) return -1;
      p = end + 1;
    }
    if (std::strncmp(p, "fd/", 3) != 0) return -1;
    rest = p + 3;
  } else {
    return -1;
  }
  char* end = nullptr;
  const long fd = std::strtol(rest, &end, 10);
  if (end == rest || *end != '\0' || fd < 0 || fd >= kMaxFds) return -1;
  return static_cast<int>(fd);
}

}  // namespace

Node nodeOf(const char* path) {
  if (path == nullptr) return Node::kNone;
  const Config& c = config();
  if (std::strcmp(path, c.sr) == 0 || std::strcmp(path, c.scd) == 0) return Node::kBlock;
  if (std::strcmp(path, c.sg) == 0) return Node::kGeneric;
  if (const int fd = fdOfProcPath(path); fd >= 0) return fdNode(fd);
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

namespace {

// How many of this process's device fds share each exclusive claim's lock fd (dup, dup2, F_DUPFD
// copy it); the claim is released with the last one, as the kernel releases it with the last
// close of the open file. Guarded by g_fds_mutex.
int g_excl_refs[kMaxFds];

void releaseLocked(FdEntry& e) {
  const int lock_fd = e.excl_fd;
  if (lock_fd >= 0 && lock_fd < kMaxFds && --g_excl_refs[lock_fd] == 0) real().close(lock_fd);
  e = FdEntry{};
}

}  // namespace

void trackFd(int fd, Node node, int excl_fd) {
  if (fd < 0 || fd >= kMaxFds) return;
  Lock lock(g_fds_mutex);
  releaseLocked(g_fds[fd]);
  g_fds[fd].node = node;
  if (excl_fd >= 0 && excl_fd < kMaxFds) {
    g_fds[fd].excl_fd = excl_fd;
    g_excl_refs[excl_fd] = 1;
  }
}

void copyFd(int from, int to) {
  if (to < 0 || to >= kMaxFds || from == to) return;
  Lock lock(g_fds_mutex);
  releaseLocked(g_fds[to]);  // dup2 onto a device fd closes it
  if (from < 0 || from >= kMaxFds) return;
  g_fds[to] = g_fds[from];
  if (g_fds[to].excl_fd >= 0) ++g_excl_refs[g_fds[to].excl_fd];
}

void untrackFd(int fd) {
  if (fd < 0 || fd >= kMaxFds) return;
  Lock lock(g_fds_mutex);
  releaseLocked(g_fds[fd]);
}

// A fork while another thread holds the fd table's lock would leave the child's copy locked forever
// (libburn scans from a worker thread): hold it across fork, release it on both sides. Every
// process, and its forked children, connects at once: the server counts who could still act
// before it lets a sleeper's time come (server.h).
// A program that re-executes itself with the device open (growisofs does, to unmount and reload)
// hands the new process fds on the placeholder files: the fd table is rebuilt from them, so the
// device stays the device across exec. (The exclusive claim, if any, stays held by its own
// inherited fd until the process ends.)
// getdents64's record (linux_dirent64, getdents(2)); glibc 2.36 declares no type for it.
struct linux_dirent64_view {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[1];
};

void adoptInheritedFds() {
  const Config& c = config();
  if (c.socket[0] == '\0') return;
  const int dir = real().open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return;
  alignas(8) char entries[4096];
  char link[64], target[256];
  for (;;) {
    const long got = ::syscall(SYS_getdents64, dir, entries, sizeof(entries));
    if (got <= 0) break;
    for (long at = 0; at < got;) {
      const auto* e = reinterpret_cast<const struct linux_dirent64_view*>(entries + at);
      at += e->d_reclen;
      const int fd = std::atoi(e->d_name);
      if (fd == dir || (fd == 0 && e->d_name[0] != '0')) continue;
      std::snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
      const ssize_t n = real().readlink(link, target, sizeof(target) - 1);
      if (n <= 0) continue;
      target[n] = '\0';
      if (std::strcmp(target, c.placeholder) == 0) trackFd(fd, Node::kBlock);
      else if (std::strcmp(target, c.sg_placeholder) == 0) trackFd(fd, Node::kGeneric);
    }
  }
  real().close(dir);
}

__attribute__((constructor)) void registerProcess() {
  adoptInheritedFds();
  pthread_atfork(
      [] {
        pthread_mutex_lock(&g_fds_mutex);
        forkPrepare();
      },
      [] {
        pthread_mutex_unlock(&g_fds_mutex);
        forkParent();
      },
      [] {
        pthread_mutex_unlock(&g_fds_mutex);
        forkChild();
      });
  registerThread();
}

// ---------------------------------------------------------------------------------------------
// The connection to the server: one per thread (a thread asleep in the server must not hold up the
// others), made lazily, remade in a forked child, closed when the thread exits.

namespace {

__thread int t_conn_fd = -1;
__thread pid_t t_conn_pid = 0;
// Which fds are some thread's connection: a program closing every fd (daemon style) closes ours
// too, and the owner must not go on writing to whatever reuses the number.
bool g_conn_live[kMaxFds];
pthread_key_t g_conn_key;
pthread_once_t g_conn_key_once = PTHREAD_ONCE_INIT;

void closeConnection() {
  if (t_conn_fd >= 0 && t_conn_fd < kMaxFds && t_conn_pid == getpid()) {
    __atomic_store_n(&g_conn_live[t_conn_fd], false, __ATOMIC_RELAXED);
    real().close(t_conn_fd);
  }
  t_conn_fd = -1;
}

bool sendHello(int fd) {
  RequestHeader hello;
  hello.type = dm::sgio::MessageType::kHello;
  hello.pid = getpid();
  std::memcpy(hello.comm, config().comm, sizeof(hello.comm));
  return dm::sgio::sendAll(fd, &hello, sizeof(hello));
}

// A new connection to the server, not yet any thread's; -1 if the server cannot be reached.
int openConnection() {
  const Config& c = config();
  if (c.socket[0] == '\0') return -1;
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, c.socket, sizeof(c.socket));
  if (fd >= kMaxFds || ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0 || !sendHello(fd)) {
    real().close(fd);
    return -1;
  }
  __atomic_store_n(&g_conn_live[fd], true, __ATOMIC_RELAXED);
  return fd;
}

// Makes `fd` this thread's connection, closed when the thread exits.
void adoptConnection(int fd) {
  pthread_once(&g_conn_key_once, [] { pthread_key_create(&g_conn_key, [](void*) { closeConnection(); }); });
  t_conn_fd = fd;
  t_conn_pid = getpid();
  pthread_setspecific(g_conn_key, &t_conn_fd);  // any non-null value: runs the destructor at exit
}

bool connectServer() {
  const int fd = openConnection();
  if (fd < 0) return false;
  adoptConnection(fd);
  return true;
}

// The connection a fork's child will own, made by the parent before the fork so that the server
// counts the child before the parent can go to sleep (server.h).
int g_fork_conn = -1;

// This thread's connection, made if need be; false if the server cannot be reached.
bool ensureConnected() {
  if (t_conn_pid != getpid()) {
    // A forked child: the inherited socket is the parent's conversation; never speak on it.
    if (t_conn_fd >= 0) real().close(t_conn_fd);
    t_conn_fd = -1;
    t_conn_pid = getpid();
  }
  if (t_conn_fd >= 0 && !__atomic_load_n(&g_conn_live[t_conn_fd], __ATOMIC_RELAXED)) t_conn_fd = -1;
  return t_conn_fd >= 0 || connectServer();
}

// One request and its reply on this thread's connection, reconnecting once if the old one broke.
bool exchange(const RequestHeader& req, const void* out_data, ResponseHeader& resp, void* in_data) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!ensureConnected()) return false;
    bool ok = dm::sgio::sendAll(t_conn_fd, &req, sizeof(req));
    if (ok && req.type == dm::sgio::MessageType::kCommand && req.direction == WireDirection::kToDevice) {
      ok = dm::sgio::sendAll(t_conn_fd, out_data, req.data_bytes);
    }
    ok = ok && dm::sgio::recvAll(t_conn_fd, &resp, sizeof(resp)) && resp.magic == dm::sgio::kMagic &&
         resp.data_bytes <= req.data_bytes;
    if (ok && resp.data_bytes > 0) ok = dm::sgio::recvAll(t_conn_fd, in_data, resp.data_bytes);
    if (ok) return true;
    closeConnection();
  }
  return false;
}

}  // namespace

void forkPrepare() { g_fork_conn = bridgeActive() ? openConnection() : -1; }

void forkParent() {
  // The child holds its own copy; the parent's goes. (If fork failed, the server sees EOF.)
  if (g_fork_conn >= 0) real().close(g_fork_conn);
  g_fork_conn = -1;
}

void forkChild() {
  // Every other connection the child inherited belongs to a thread of the parent: closing the
  // copies lets the server see those threads end when they do.
  for (int fd = 0; fd < kMaxFds; ++fd) {
    if (fd != g_fork_conn && __atomic_load_n(&g_conn_live[fd], __ATOMIC_RELAXED)) {
      __atomic_store_n(&g_conn_live[fd], false, __ATOMIC_RELAXED);
      real().close(fd);
    }
  }
  t_conn_fd = -1;
  if (g_fork_conn >= 0) {
    adoptConnection(g_fork_conn);
    if (!sendHello(g_fork_conn)) closeConnection();  // the child's own pid and name, for the log
  }
  g_fork_conn = -1;
}

int newThreadConnection() { return bridgeActive() ? openConnection() : -1; }

void adoptThreadConnection(int fd) {
  if (fd >= 0) {
    adoptConnection(fd);
  } else {
    registerThread();
  }
}

void forgetConnectionFd(int fd) {
  if (fd >= 0 && fd < kMaxFds) __atomic_store_n(&g_conn_live[fd], false, __ATOMIC_RELAXED);
}

bool bridgeActive() { return config().socket[0] != '\0'; }

void registerThread() {
  if (bridgeActive()) ensureConnected();
}

void setBlocked(bool blocked) {
  if (!bridgeActive() || !ensureConnected()) return;
  RequestHeader req;
  req.type = dm::sgio::MessageType::kBlocked;
  req.nanoseconds = blocked ? 1 : 0;
  if (!dm::sgio::sendAll(t_conn_fd, &req, sizeof(req))) closeConnection();
}

bool sleepFor(uint64_t nanoseconds) {
  RequestHeader req;
  req.type = dm::sgio::MessageType::kSleep;
  req.nanoseconds = nanoseconds;
  ResponseHeader resp;
  return exchange(req, nullptr, resp, nullptr);
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
  if (!exchange(req, data, out.resp, data)) return out;
  out.ok = out.resp.ok != 0;
  return out;
}

uint8_t senseKey(const ResponseHeader& r) { return r.sense_length > 2 ? (r.sense[2] & 0x0F) : 0; }
uint8_t senseAsc(const ResponseHeader& r) { return r.sense_length > 12 ? r.sense[12] : 0; }

void logUnsupported(const char* what, unsigned long request) {
  std::fprintf(stderr, "discmaster sgio: %s[%d]: %s 0x%lx on %s not emulated\n", config().comm, getpid(), what,
               request, config().sr);
}

}  // namespace dm::sgio::shim
