// libdiscmaster_sgio.so: the LD_PRELOAD half of the SG_IO bridge. It makes the device path named by
// $DISCMASTER_SGIO_DEVICE (default /dev/sr0; N taken from it) exist for an unmodified program:
// /dev/srN and its alias /dev/scdN as block 11:N, /dev/sgN as char 21:N. Opening one hands out a
// real placeholder fd (a file beside the socket) registered in an fd table; ioctl(SG_IO), the CD-ROM ioctls libcdio
// uses and read/pread/lseek on that fd become requests to the server in `discmaster emulate`
// (protocol.h) over the Unix socket named by $DISCMASTER_SGIO_SOCKET. O_EXCL opens exclude each
// other across the run's processes as the sr driver's do. Everything else goes to the
// real libc (dlsym RTLD_NEXT). What is wrapped, and why, is the measured list in
// shared/reference/sgio-bridge.md. Links libc and libdl only: it forwards bytes, it models nothing.
// This file holds the exported wrappers and the fake device node's stat; the fd table and the
// connection are in shim_core.cc, the device's reads and ioctls in shim_device.cc, the clocks and
// sleeps in shim_clock.cc, the faked sysfs in shim_sysfs.cc.
#include <dlfcn.h>
#include <fcntl.h>
#include <linux/cdrom.h>
#include <scsi/scsi.h>
#include <scsi/scsi_ioctl.h>
#include <scsi/sg.h>
#include <sys/file.h>
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

// The C-ABI entry points: glibc's symbol names, some absent from its 2.36 headers.
extern "C" {
int __open_2(const char* path, int flags);
int __open64_2(const char* path, int flags);
int __openat_2(int dirfd, const char* path, int flags);
int __openat64_2(int dirfd, const char* path, int flags);
int __xstat(int ver, const char* path, struct stat* buf);
int __lxstat(int ver, const char* path, struct stat* buf);
int __fxstat(int ver, int fd, struct stat* buf);
int __fxstatat(int ver, int dirfd, const char* path, struct stat* buf, int flags);
int __xstat64(int ver, const char* path, struct stat64* buf);
int __lxstat64(int ver, const char* path, struct stat64* buf);
int __fxstat64(int ver, int fd, struct stat64* buf);
int __fxstatat64(int ver, int dirfd, const char* path, struct stat64* buf, int flags);
}

using namespace dm::sgio::shim;

namespace {

// ---------------------------------------------------------------------------------------------
// stat: the fake device node.

void fillStat(Node node, struct stat* buf) {
  std::memset(buf, 0, sizeof(*buf));
  const bool block = node == Node::kBlock;
  buf->st_mode = (block ? S_IFBLK : S_IFCHR) | 0660;
  buf->st_rdev = makedev(block ? kSrMajor : kSgMajor, config().n);
  buf->st_dev = makedev(0, 5);  // devtmpfs
  buf->st_ino = 1000 + config().n + (block ? 0 : 500);
  buf->st_nlink = 1;
  buf->st_gid = 24;  // cdrom
  buf->st_blksize = kBlockBytes;
}

int statPath(int dirfd, const char* path, struct stat* buf, int flags) {
  const Node node = nodeAt(dirfd, path);
  if (node == Node::kNone) return real().fstatat(dirfd, Redirect(path).path(), buf, flags);
  fillStat(node, buf);
  return 0;
}

int statFd(int fd, struct stat* buf) {
  const Node node = fdNode(fd);
  if (node == Node::kNone) return real().fstat(fd, buf);
  fillStat(node, buf);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// open

// O_EXCL on /dev/srN claims the block device as the sr driver does: a second O_EXCL open, by any
// process of the run, fails with EBUSY until the first is closed; plain opens are not affected.
// The claim is an flock on a lock file beside the socket (one for srN/scdN, one for sgN), held by
// a private fd per exclusive open, so it follows the open file as the kernel's claim does: shared
// by dup and fork, dropped with the last close or when the process dies.
int claimExclusive(Node node, int flags) {
  const Config& c = config();
  const char* slash = std::strrchr(c.socket, '/');
  if (slash == nullptr) return -2;  // no run to be exclusive in
  char path[160];
  std::snprintf(path, sizeof(path), "%.*s/%s%s", static_cast<int>(slash - c.socket), c.socket,
                dm::sgio::kExclusiveName, node == Node::kGeneric ? "-sg" : "");
  const int fd = real().open(path, O_RDWR | O_CREAT | (flags & O_CLOEXEC), 0600);
  if (fd < 0) return -2;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    real().close(fd);
    return -1;
  }
  return fd;
}

int openDevice(Node node, int flags) {
  int excl_fd = -2;
  if ((flags & O_EXCL) != 0) {
    excl_fd = claimExclusive(node, flags);
    if (excl_fd == -1) return failWith(EBUSY);
  }
  // The placeholder keeps fcntl(F_SETLK/F_GETFL/F_SETOWN), flock and poll meaningful (protocol.h).
  int fd = real().open(node == Node::kGeneric ? config().sg_placeholder : config().placeholder, O_RDWR | (flags & O_CLOEXEC));
  if (fd < 0) fd = real().open("/dev/null", O_RDWR | (flags & O_CLOEXEC));
  if (fd < 0 && excl_fd >= 0) real().close(excl_fd);
  trackFd(fd, node, excl_fd);
  return fd;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The wrappers. open(2)'s mode argument is varargs: read it only when O_CREAT/O_TMPFILE asks.

#define DM_MODE_ARG(flags, last) \
  mode_t mode = 0;               \
  if (((flags) & (O_CREAT | __O_TMPFILE)) != 0) { \
    va_list ap;                  \
    va_start(ap, last);          \
    mode = static_cast<mode_t>(va_arg(ap, unsigned)); \
    va_end(ap);                  \
  }

extern "C" {

int open(const char* path, int flags, ...) {
  if (const Node node = nodeOf(path); node != Node::kNone) return openDevice(node, flags);
  DM_MODE_ARG(flags, flags);
  return real().open(Redirect(path).path(), flags, mode);
}
int open64(const char* path, int flags, ...) {
  if (const Node node = nodeOf(path); node != Node::kNone) return openDevice(node, flags);
  DM_MODE_ARG(flags, flags);
  return real().open(Redirect(path).path(), flags | O_LARGEFILE, mode);
}
int __open_2(const char* path, int flags) { return open(path, flags); }
int __open64_2(const char* path, int flags) { return open64(path, flags); }
int openat(int dirfd, const char* path, int flags, ...) {
  if (const Node node = nodeAt(dirfd, path); node != Node::kNone) return openDevice(node, flags);
  DM_MODE_ARG(flags, flags);
  return real().openat(dirfd, Redirect(path).path(), flags, mode);
}
int openat64(int dirfd, const char* path, int flags, ...) {
  if (const Node node = nodeAt(dirfd, path); node != Node::kNone) return openDevice(node, flags);
  DM_MODE_ARG(flags, flags);
  return real().openat(dirfd, Redirect(path).path(), flags | O_LARGEFILE, mode);
}
int __openat_2(int dirfd, const char* path, int flags) { return openat(dirfd, path, flags); }
int __openat64_2(int dirfd, const char* path, int flags) { return openat64(dirfd, path, flags); }

int close(int fd) {
  untrackFd(fd);
  // A program closing every fd (daemon style) also closes our sockets: forget them, reconnect later.
  forgetConnectionFd(fd);
  return real().close(fd);
}

int dup(int fd) noexcept {
  const int out = real().dup(fd);
  if (out >= 0) copyFd(fd, out);
  return out;
}
int dup2(int fd, int to) noexcept {
  const int out = real().dup2(fd, to);
  if (out >= 0 && out != fd) copyFd(fd, out);
  return out;
}
int dup3(int fd, int to, int flags) noexcept {
  const int out = real().dup3(fd, to, flags);
  if (out >= 0) copyFd(fd, out);
  return out;
}

int fcntl(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  void* arg = va_arg(ap, void*);
  va_end(ap);
  const int out = real().fcntl(fd, cmd, arg);
  if (out >= 0 && (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)) copyFd(fd, out);
  return out;
}
int fcntl64(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  void* arg = va_arg(ap, void*);
  va_end(ap);
  return fcntl(fd, cmd, arg);
}

int ioctl(int fd, unsigned long request, ...) noexcept {
  va_list ap;
  va_start(ap, request);
  void* arg = va_arg(ap, void*);
  va_end(ap);
  if (fdNode(fd) == Node::kNone) return real().ioctl(fd, request, arg);
  return deviceIoctl(fd, request, arg);
}

ssize_t read(int fd, void* buf, size_t count) {
  if (fdNode(fd) == Node::kNone) return real().read(fd, buf, count);
  int64_t offset = 0;
  {
    Lock lock(g_fds_mutex);
    offset = g_fds[fd].offset;
  }
  const ssize_t n = readAt(buf, count, offset);
  if (n > 0) {
    Lock lock(g_fds_mutex);
    g_fds[fd].offset = offset + n;
  }
  return n;
}
ssize_t pread(int fd, void* buf, size_t count, off_t offset) {
  if (fdNode(fd) == Node::kNone) return real().pread(fd, buf, count, offset);
  return readAt(buf, count, offset);
}
ssize_t pread64(int fd, void* buf, size_t count, off64_t offset) { return pread(fd, buf, count, offset); }

// Writes to the block device are not data writes to a CD (burners use SG_IO): refuse them.
ssize_t write(int fd, const void* buf, size_t count) {
  if (fdNode(fd) == Node::kNone) return real().write(fd, buf, count);
  return failWith(EROFS);
}

off_t lseek(int fd, off_t offset, int whence) noexcept {
  if (fdNode(fd) == Node::kNone) return real().lseek(fd, offset, whence);
  int64_t base = 0;
  if (whence == SEEK_CUR) {
    Lock lock(g_fds_mutex);
    base = g_fds[fd].offset;
  } else if (whence == SEEK_END) {
    base = capacityBytes();
  } else if (whence != SEEK_SET) {
    return failWith(EINVAL);
  }
  if (base + offset < 0) return failWith(EINVAL);
  Lock lock(g_fds_mutex);
  g_fds[fd].offset = base + offset;
  return g_fds[fd].offset;
}
off64_t lseek64(int fd, off64_t offset, int whence) noexcept { return lseek(fd, offset, whence); }

// stat family, both generations (sgio-bridge.md "Linkage"). On x86-64 struct stat64 is struct stat.
int stat(const char* path, struct stat* buf) noexcept { return statPath(AT_FDCWD, path, buf, 0); }
int lstat(const char* path, struct stat* buf) noexcept { return statPath(AT_FDCWD, path, buf, AT_SYMLINK_NOFOLLOW); }
int fstat(int fd, struct stat* buf) noexcept { return statFd(fd, buf); }
int fstatat(int dirfd, const char* path, struct stat* buf, int flags) noexcept {
  return statPath(dirfd, path, buf, flags);
}
int stat64(const char* path, struct stat64* buf) noexcept {
  return stat(path, reinterpret_cast<struct stat*>(buf));
}
int lstat64(const char* path, struct stat64* buf) noexcept {
  return lstat(path, reinterpret_cast<struct stat*>(buf));
}
int fstat64(int fd, struct stat64* buf) noexcept { return fstat(fd, reinterpret_cast<struct stat*>(buf)); }
int fstatat64(int dirfd, const char* path, struct stat64* buf, int flags) noexcept {
  return fstatat(dirfd, path, reinterpret_cast<struct stat*>(buf), flags);
}
int __xstat(int, const char* path, struct stat* buf) { return stat(path, buf); }
int __lxstat(int, const char* path, struct stat* buf) { return lstat(path, buf); }
int __fxstat(int, int fd, struct stat* buf) { return fstat(fd, buf); }
int __fxstatat(int, int dirfd, const char* path, struct stat* buf, int flags) {
  return fstatat(dirfd, path, buf, flags);
}
int __xstat64(int, const char* path, struct stat64* buf) { return stat64(path, buf); }
int __lxstat64(int, const char* path, struct stat64* buf) { return lstat64(path, buf); }
int __fxstat64(int, int fd, struct stat64* buf) { return fstat64(fd, buf); }
int __fxstatat64(int, int dirfd, const char* path, struct stat64* buf, int flags) {
  return fstatat64(dirfd, path, buf, flags);
}

int statx(int dirfd, const char* path, int flags, unsigned mask, struct statx* buf) noexcept {
  Node node = nodeAt(dirfd, path);
  if (node == Node::kNone && path[0] == '\0' && (flags & AT_EMPTY_PATH) != 0) node = fdNode(dirfd);
  if (node == Node::kNone) return real().statx(dirfd, Redirect(path).path(), flags, mask, buf);
  struct stat st;
  fillStat(node, &st);
  std::memset(buf, 0, sizeof(*buf));
  buf->stx_mask = STATX_BASIC_STATS;
  buf->stx_mode = static_cast<uint16_t>(st.st_mode);
  buf->stx_rdev_major = major(st.st_rdev);
  buf->stx_rdev_minor = minor(st.st_rdev);
  buf->stx_nlink = 1;
  buf->stx_gid = st.st_gid;
  buf->stx_blksize = kBlockBytes;
  buf->stx_ino = st.st_ino;
  return 0;
}

int access(const char* path, int mode) noexcept {
  return nodeOf(path) != Node::kNone ? 0 : real().access(Redirect(path).path(), mode);
}
int faccessat(int dirfd, const char* path, int mode, int flags) noexcept {
  return nodeAt(dirfd, path) != Node::kNone ? 0 : real().faccessat(dirfd, Redirect(path).path(), mode, flags);
}

// libcdio resolves the device name with realpath(); the device is its own canonical name.
char* realpath(const char* path, char* resolved) noexcept {
  if (nodeOf(path) == Node::kNone) return real().realpath(path, resolved);
  if (resolved == nullptr) return strdup(path);
  std::snprintf(resolved, PATH_MAX, "%s", path);
  return resolved;
}
ssize_t readlink(const char* path, char* buf, size_t size) noexcept {
  if (nodeOf(path) != Node::kNone) return failWith(EINVAL);  // a device node, not a symlink
  return real().readlink(Redirect(path).path(), buf, size);
}

}  // extern "C"
