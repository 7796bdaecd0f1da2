// stdio streams on the emulated device: fopen("/dev/sr0") or fopen("/dev/fd/N") of a device fd.
// glibc's FILE reads and seeks with internal syscalls our read/lseek wrappers never see, so such a
// stream is a fopencookie stream whose reads and seeks go through the device fd's wrappers.
// Programs also take fileno() of such a stream and lseek/read the fd (genisoimage -M /dev/fd/N,
// how growisofs -M hands it the previous session, does): fileno answers the device fd.
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "tools/sgio_bridge/shim_core.h"

namespace dm::sgio::shim {
namespace {

int fdOf(void* cookie) { return static_cast<int>(reinterpret_cast<intptr_t>(cookie)); }

// Open device streams and their fds, for fileno. Few at a time; guarded by g_streams_mutex.
struct StreamFd {
  FILE* stream;
  int fd;
};
constexpr int kMaxStreams = 16;
StreamFd g_streams[kMaxStreams];
pthread_mutex_t g_streams_mutex = PTHREAD_MUTEX_INITIALIZER;

void rememberStream(FILE* stream, int fd) {
  Lock lock(g_streams_mutex);
  for (StreamFd& s : g_streams) {
    if (s.stream == nullptr) {
      s = StreamFd{stream, fd};
      return;
    }
  }
}

void forgetStreamOf(int fd) {
  Lock lock(g_streams_mutex);
  for (StreamFd& s : g_streams) {
    if (s.stream != nullptr && s.fd == fd) s = StreamFd{nullptr, -1};
  }
}

ssize_t streamRead(void* cookie, char* buf, size_t size) { return ::read(fdOf(cookie), buf, size); }

// Writing data through the block device is refused as write(2) on it is.
ssize_t streamWrite(void*, const char*, size_t) {
  errno = EROFS;
  return -1;
}

int streamSeek(void* cookie, off64_t* offset, int whence) {
  const off64_t at = ::lseek64(fdOf(cookie), *offset, whence);
  if (at < 0) return -1;
  *offset = at;
  return 0;
}

int streamClose(void* cookie) {
  forgetStreamOf(fdOf(cookie));
  return ::close(fdOf(cookie));
}

}  // namespace

FILE* openDeviceStream(const char* path, const char* mode) {
  const bool writable = std::strpbrk(mode, "wa+") != nullptr;
  const int fd = ::open(path, (writable ? O_RDWR : O_RDONLY) | (std::strchr(mode, 'e') ? O_CLOEXEC : 0));
  if (fd < 0) return nullptr;
  cookie_io_functions_t io;
  io.read = streamRead;
  io.write = streamWrite;
  io.seek = streamSeek;
  io.close = streamClose;
  FILE* stream = ::fopencookie(reinterpret_cast<void*>(static_cast<intptr_t>(fd)), mode, io);
  if (stream == nullptr) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return nullptr;
  }
  rememberStream(stream, fd);
  return stream;
}

int deviceStreamFd(FILE* stream) {
  Lock lock(g_streams_mutex);
  for (const StreamFd& s : g_streams) {
    if (s.stream == stream) return s.fd;
  }
  return -1;
}

}  // namespace dm::sgio::shim

using dm::sgio::shim::Fn;
using dm::sgio::shim::lazyNext;

extern "C" {

int fileno(FILE* stream) noexcept {
  if (const int fd = dm::sgio::shim::deviceStreamFd(stream); fd >= 0) return fd;
  static Fn<int (*)(FILE*)> real_slot = nullptr;
  return lazyNext(real_slot, "fileno")(stream);
}
int fileno_unlocked(FILE* stream) noexcept {
  if (const int fd = dm::sgio::shim::deviceStreamFd(stream); fd >= 0) return fd;
  static Fn<int (*)(FILE*)> real_slot = nullptr;
  return lazyNext(real_slot, "fileno_unlocked")(stream);
}

}  // extern "C"
