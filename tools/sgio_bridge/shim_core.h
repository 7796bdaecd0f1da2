// Internals of the SG_IO bridge's LD_PRELOAD library, shared by its files: shim_core.cc (the real
// libc functions, the configuration, the fd table and the per-thread connections to the server),
// shim_device.cc (the device: block reads and ioctls), shim.cc (the exported open/stat/fd
// wrappers and exclusive opens), shim_clock.cc (clocks and sleeps on the virtual clock),
// shim_threads.cc (thread start and child waits, for the server's view of who can act) and
// shim_sysfs.cc (the faked /sys/bus/scsi). Links libc only: no libstdc++ at run time (pthread
// locks, no exceptions, no guarded statics).
#pragma once

#include <cstdio>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>

#include "tools/sgio_bridge/protocol.h"

struct statx;

namespace dm::sgio::shim {

using dm::sgio::ClockPage;
using dm::sgio::ResponseHeader;
using dm::sgio::RequestHeader;
using dm::sgio::WireDirection;

// Kernel numbers: sr is block major 11 (SCSI_CDROM_MAJOR), sg char major 21 (SCSI_GENERIC_MAJOR).
constexpr unsigned kSrMajor = 11;
constexpr unsigned kSgMajor = 21;
constexpr uint32_t kBlockBytes = 2048;

enum class Node : uint8_t { kNone, kBlock, kGeneric };

// No libstdc++ at run time (the library links libc and libdl only): pthread primitives instead of
// std::mutex and std::call_once, and no exceptions (-fno-exceptions).
class Lock {
 public:
  explicit Lock(pthread_mutex_t& m) : m_(m) { pthread_mutex_lock(&m_); }
  ~Lock() { pthread_mutex_unlock(&m_); }
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

 private:
  pthread_mutex_t& m_;
};

template <typename F>
F realFn(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

// A libc function resolved on first use into `slot` (a zero-initialised static: no guard, so no
// libstdc++; racing threads store the same pointer).
template <typename F>
using Fn = F;  // spells a function pointer type in a declaration: static Fn<int (*)(int)> slot

template <typename F>
F lazyNext(F& slot, const char* name) {
  F f = __atomic_load_n(&slot, __ATOMIC_ACQUIRE);
  if (f == nullptr) {
    f = realFn<F>(name);
    __atomic_store_n(&slot, f, __ATOMIC_RELEASE);
  }
  return f;
}

struct Real {
  int (*open)(const char*, int, ...) = realFn<int (*)(const char*, int, ...)>("open");
  int (*openat)(int, const char*, int, ...) = realFn<int (*)(int, const char*, int, ...)>("openat");
  int (*close)(int) = realFn<int (*)(int)>("close");
  int (*dup)(int) = realFn<int (*)(int)>("dup");
  int (*dup2)(int, int) = realFn<int (*)(int, int)>("dup2");
  int (*dup3)(int, int, int) = realFn<int (*)(int, int, int)>("dup3");
  int (*fcntl)(int, int, ...) = realFn<int (*)(int, int, ...)>("fcntl");
  int (*ioctl)(int, unsigned long, ...) = realFn<int (*)(int, unsigned long, ...)>("ioctl");
  ssize_t (*read)(int, void*, size_t) = realFn<ssize_t (*)(int, void*, size_t)>("read");
  ssize_t (*write)(int, const void*, size_t) = realFn<ssize_t (*)(int, const void*, size_t)>("write");
  ssize_t (*pread)(int, void*, size_t, off_t) = realFn<ssize_t (*)(int, void*, size_t, off_t)>("pread");
  off_t (*lseek)(int, off_t, int) = realFn<off_t (*)(int, off_t, int)>("lseek");
  int (*fstatat)(int, const char*, struct stat*, int) = realFn<int (*)(int, const char*, struct stat*, int)>("fstatat");
  int (*fstat)(int, struct stat*) = realFn<int (*)(int, struct stat*)>("fstat");
  int (*statx)(int, const char*, int, unsigned, struct statx*) =
      realFn<int (*)(int, const char*, int, unsigned, struct statx*)>("statx");
  int (*access)(const char*, int) = realFn<int (*)(const char*, int)>("access");
  int (*faccessat)(int, const char*, int, int) = realFn<int (*)(int, const char*, int, int)>("faccessat");
  char* (*realpath)(const char*, char*) = realFn<char* (*)(const char*, char*)>("realpath");
  ssize_t (*readlink)(const char*, char*, size_t) = realFn<ssize_t (*)(const char*, char*, size_t)>("readlink");
};

// The real libc, resolved on first use (a program's constructors may call open() before ours).
const Real& real();

struct Config {
  unsigned n = 0;
  char sr[32] = "/dev/sr0", scd[32] = "/dev/scd0", sg[32] = "/dev/sg0";
  char socket[108] = {};
  char placeholder[128] = "/dev/null";     // the fd behind a /dev/srN or /dev/scdN open
  char sg_placeholder[128] = "/dev/null";  // the fd behind a /dev/sgN open
  char comm[16] = "?";
};

const Config& config();
Node nodeOf(const char* path);
Node nodeAt(int dirfd, const char* path);
// A stdio stream on the device `path` names (shim_stream.cc); nullptr and errno on failure.
FILE* openDeviceStream(const char* path, const char* mode);
// The device fd under a stream openDeviceStream made, else -1.
int deviceStreamFd(FILE* stream);

// The fd table: which fds are the emulated device (libburn opens from a worker thread).
constexpr int kMaxFds = 4096;
struct FdEntry {
  Node node = Node::kNone;
  int64_t offset = 0;        // read/lseek position, bytes
  int reserved_size = 32768; // SG_SET_RESERVED_SIZE remembers, SG_GET_RESERVED_SIZE reports
  int timeout = 60000;
  int excl_fd = -1;          // O_EXCL opens: the fd holding the run-wide exclusive claim (flock)
};
extern FdEntry g_fds[kMaxFds];
extern pthread_mutex_t g_fds_mutex;
Node fdNode(int fd);
// `excl_fd` (or -1): the claim an O_EXCL open holds (shim.cc openDevice); released on the last close.
void trackFd(int fd, Node node, int excl_fd = -1);
void copyFd(int from, int to);
void untrackFd(int fd);

// The connection to the server: one per thread, made lazily, remade in a forked child.
// close() of a connection's fd by the program itself (close-all loops) tells it here.
void forgetConnectionFd(int fd);
// Whether this process runs under `discmaster emulate` (the socket is named in the environment).
bool bridgeActive();
// Connects this thread now (new processes, forked children and new threads do, so the server
// knows every thread that could act), and tells the server this thread enters (true) or leaves
// (false) a wait outside the bridge such as waitpid.
void registerThread();
void setBlocked(bool blocked);
// fork: the parent connects on the child's behalf before the fork (prepare), drops its copy
// after (parent), the child adopts it and closes the parent threads' copies (child).
void forkPrepare();
void forkParent();
void forkChild();
// pthread_create: the creating thread connects for the new one, which adopts it (-1: connect then).
int newThreadConnection();
void adoptThreadConnection(int fd);
// Asks the server to let `nanoseconds` of virtual time pass for this thread; returns when they
// have (server.h). False if the server cannot be reached.
bool sleepFor(uint64_t nanoseconds);

struct Outcome {
  bool ok = false;  // false: the server could not be reached (the caller reports EIO)
  ResponseHeader resp;
};
// Runs one CDB on the virtual recorder. For kFromDevice, `data` receives resp.data_bytes bytes.
Outcome runCommand(const uint8_t* cdb, size_t cdb_length, WireDirection direction, void* data, uint32_t bytes);
uint8_t senseKey(const ResponseHeader& r);
uint8_t senseAsc(const ResponseHeader& r);
void logUnsupported(const char* what, unsigned long request);

// The faked sysfs (shim_sysfs.cc, fake_sysfs.h): a path under /sys/bus/scsi names the run's tree.
// Redirect r(path); then r.path() is what to hand to the real libc.
class Redirect {
 public:
  explicit Redirect(const char* path);
  const char* path() const { return path_; }
  bool redirected() const { return path_ == buf_; }

 private:
  char buf_[512];
  const char* path_;
};

// The device (shim_device.cc).
int failWith(int error);
int64_t capacityBytes();
ssize_t readAt(void* buf, size_t count, int64_t offset);
int deviceIoctl(int fd, unsigned long request, void* arg);

}  // namespace dm::sgio::shim
