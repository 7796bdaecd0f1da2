// libdiscmaster_sgio.so: the LD_PRELOAD half of the SG_IO bridge. It makes the device path named by
// $DISCMASTER_SGIO_DEVICE (default /dev/sr0; N taken from it) exist for an unmodified program:
// /dev/srN and its alias /dev/scdN as block 11:N, /dev/sgN as char 21:N. Opening one hands out a
// real placeholder fd (a file beside the socket) registered in an fd table; ioctl(SG_IO), the CD-ROM ioctls libcdio
// uses and read/pread/lseek on that fd become requests to the server in `discmaster emulate`
// (protocol.h) over the Unix socket named by $DISCMASTER_SGIO_SOCKET. Everything else goes to the
// real libc (dlsym RTLD_NEXT). What is wrapped, and why, is the measured list in
// shared/reference/sgio-bridge.md. Links libc and libdl only: it forwards bytes, it models nothing.
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

namespace {

using dm::sgio::ResponseHeader;
using dm::sgio::RequestHeader;
using dm::sgio::WireDirection;

// Kernel numbers: sr is block major 11 (SCSI_CDROM_MAJOR), sg char major 21 (SCSI_GENERIC_MAJOR).
constexpr unsigned kSrMajor = 11;
constexpr unsigned kSgMajor = 21;
constexpr uint32_t kBlockBytes = 2048;

enum class Node : uint8_t { kNone, kBlock, kGeneric };

// ---------------------------------------------------------------------------------------------
// The real libc functions.

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

alignas(Real) unsigned char g_real_bytes[sizeof(Real)];  // constructed by the first real() call
pthread_once_t g_real_once = PTHREAD_ONCE_INIT;

// Resolved on first use: a program's own constructors may call open() before ours run.
const Real& real() {
  pthread_once(&g_real_once, [] { new (g_real_bytes) Real(); });
  return *std::launder(reinterpret_cast<const Real*>(g_real_bytes));
}

// ---------------------------------------------------------------------------------------------
// Which paths are emulated: /dev/srN, /dev/scdN (block) and /dev/sgN (char) for one N.

struct Config {
  unsigned n = 0;
  char sr[32] = "/dev/sr0", scd[32] = "/dev/scd0", sg[32] = "/dev/sg0";
  char socket[108] = {};
  char placeholder[128] = "/dev/null";
  char comm[16] = "?";
};

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

constexpr int kMaxFds = 4096;
struct FdEntry {
  Node node = Node::kNone;
  int64_t offset = 0;        // read/lseek position, bytes
  int reserved_size = 32768; // SG_SET_RESERVED_SIZE remembers, SG_GET_RESERVED_SIZE reports
  int timeout = 60000;
};
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

struct Outcome {
  bool ok = false;  // false: the server could not be reached (the caller reports EIO)
  ResponseHeader resp;
};

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
  if (node == Node::kNone) return real().fstatat(dirfd, path, buf, flags);
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

int openDevice(Node node, int flags) {
  // The placeholder keeps fcntl(F_SETLK/F_GETFL/F_SETOWN), flock and poll meaningful (protocol.h).
  int fd = real().open(config().placeholder, O_RDWR | (flags & O_CLOEXEC));
  if (fd < 0) fd = real().open("/dev/null", O_RDWR | (flags & O_CLOEXEC));
  trackFd(fd, node);
  return fd;
}

// ---------------------------------------------------------------------------------------------
// Block-device reads: 2048-byte sectors by READ(10); past the last sector is end of file.

int64_t capacityBytes() {
  const uint8_t cdb[10] = {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0};  // READ CAPACITY(10)
  uint8_t data[8] = {};
  const Outcome o = runCommand(cdb, sizeof(cdb), WireDirection::kFromDevice, data, sizeof(data));
  if (!o.ok || o.resp.status != 0) return 0;
  const uint32_t last = (uint32_t{data[0]} << 24) | (uint32_t{data[1]} << 16) | (uint32_t{data[2]} << 8) | data[3];
  return (int64_t{last} + 1) * kBlockBytes;
}

ssize_t readAt(void* buf, size_t count, int64_t offset) {
  if (offset < 0) {
    errno = EINVAL;
    return -1;
  }
  auto* out = static_cast<uint8_t*>(buf);
  size_t done = 0;
  constexpr uint32_t kChunkBlocks = 32;
  static thread_local uint8_t chunk[kChunkBlocks * kBlockBytes];
  while (done < count) {
    const int64_t pos = offset + static_cast<int64_t>(done);
    const auto lba = static_cast<uint32_t>(pos / kBlockBytes);
    const auto skip = static_cast<size_t>(pos % kBlockBytes);
    const size_t want = count - done;
    const auto blocks =
        static_cast<uint16_t>(std::min<size_t>(kChunkBlocks, (skip + want + kBlockBytes - 1) / kBlockBytes));
    const uint8_t cdb[10] = {0x28, 0, static_cast<uint8_t>(lba >> 24), static_cast<uint8_t>(lba >> 16),
                             static_cast<uint8_t>(lba >> 8), static_cast<uint8_t>(lba), 0,
                             static_cast<uint8_t>(blocks >> 8), static_cast<uint8_t>(blocks), 0};
    const Outcome o = runCommand(cdb, sizeof(cdb), WireDirection::kFromDevice, chunk, blocks * kBlockBytes);
    if (!o.ok || o.resp.status != 0 || o.resp.data_bytes <= skip) {
      // LOGICAL BLOCK ADDRESS OUT OF RANGE (05/21) is the end of the device, as read(2) returns 0.
      if (done > 0 || (o.ok && senseKey(o.resp) == 0x05 && senseAsc(o.resp) == 0x21)) return static_cast<ssize_t>(done);
      errno = EIO;
      return -1;
    }
    const size_t n = std::min(want, o.resp.data_bytes - skip);
    std::memcpy(out + done, chunk + skip, n);
    done += n;
  }
  return static_cast<ssize_t>(done);
}

// ---------------------------------------------------------------------------------------------
// ioctl

int failWith(int error) {
  errno = error;
  return -1;
}

WireDirection sgDirection(int d, unsigned len) {
  if (len == 0) return WireDirection::kNone;  // cdrdao sends direction 0 with no data (sgio-bridge.md)
  switch (d) {
    case SG_DXFER_TO_DEV: return WireDirection::kToDevice;
    case SG_DXFER_FROM_DEV:
    case SG_DXFER_TO_FROM_DEV: return WireDirection::kFromDevice;
    default: return WireDirection::kNone;
  }
}

// SG_IO as the sg/bsg layers fill it: a CHECK CONDITION is a successful ioctl with status 02,
// masked_status 01, driver_status DRIVER_SENSE (08) and the sense truncated to mx_sb_len.
int sgIo(sg_io_hdr_t* h) {
  if (h == nullptr) return failWith(EFAULT);
  if (h->interface_id != 'S') return failWith(ENOSYS);
  if (h->iovec_count != 0 || h->cmdp == nullptr || h->cmd_len == 0 || h->cmd_len > 16) return failWith(EINVAL);
  if (h->dxfer_len > dm::sgio::kMaxDataBytes) return failWith(ENOMEM);
  const WireDirection dir = sgDirection(h->dxfer_direction, h->dxfer_len);
  const Outcome o = runCommand(h->cmdp, h->cmd_len, dir, h->dxferp, h->dxfer_len);
  if (!o.ok) return failWith(EIO);
  const ResponseHeader& r = o.resp;
  h->status = r.status;
  h->masked_status = static_cast<unsigned char>((r.status >> 1) & 0x7F);
  h->msg_status = 0;
  h->host_status = 0;
  const bool check = r.status == 0x02;
  h->driver_status = check ? 0x08 : 0;  // DRIVER_SENSE
  h->sb_len_wr = 0;
  if (check && h->sbp != nullptr && h->mx_sb_len > 0) {
    h->sb_len_wr = std::min<unsigned char>(h->mx_sb_len, r.sense_length);
    std::memcpy(h->sbp, r.sense, h->sb_len_wr);
  }
  const uint32_t moved = dir == WireDirection::kFromDevice ? r.data_bytes : (dir == WireDirection::kToDevice ? h->dxfer_len : 0);
  h->resid = static_cast<int>(h->dxfer_len - std::min(moved, h->dxfer_len));
  h->duration = static_cast<unsigned>(r.duration_ns / 1'000'000);
  h->info = (r.status != 0) ? SG_INFO_CHECK : SG_INFO_OK;
  return 0;
}

// CDROM_SEND_PACKET (cdrom.c mmc_ioctl_cdrom_generic_packet): -1 EIO when the command fails, with
// cgc.stat and the sense (struct request_sense) filled.
int sendPacket(cdrom_generic_command* cgc) {
  if (cgc == nullptr) return failWith(EFAULT);
  WireDirection dir = WireDirection::kNone;
  if (cgc->buflen > 0 && cgc->buffer != nullptr) {
    dir = cgc->data_direction == CGC_DATA_WRITE ? WireDirection::kToDevice : WireDirection::kFromDevice;
  }
  const Outcome o = runCommand(cgc->cmd, CDROM_PACKET_SIZE, dir, cgc->buffer, cgc->buflen);
  if (!o.ok) return failWith(EIO);
  cgc->stat = o.resp.status;
  if (o.resp.status == 0) return 0;
  if (cgc->sense != nullptr) {
    std::memset(cgc->sense, 0, sizeof(request_sense));
    std::memcpy(cgc->sense, o.resp.sense, std::min<size_t>(sizeof(request_sense), o.resp.sense_length));
  }
  return failWith(EIO);
}

// READ TOC/PMA/ATIP (43h) format 0, for the high-level TOC ioctls the cdrom layer synthesizes.
bool readToc(uint8_t track, bool msf, uint8_t* data, uint16_t bytes, uint32_t* got) {
  const uint8_t cdb[10] = {0x43, static_cast<uint8_t>(msf ? 0x02 : 0), 0, 0, 0, 0, track,
                           static_cast<uint8_t>(bytes >> 8), static_cast<uint8_t>(bytes), 0};
  const Outcome o = runCommand(cdb, sizeof(cdb), WireDirection::kFromDevice, data, bytes);
  *got = o.ok ? o.resp.data_bytes : 0;
  return o.ok && o.resp.status == 0 && *got >= 4;
}

int readTocHeader(cdrom_tochdr* hdr) {
  uint8_t data[12] = {};
  uint32_t got = 0;
  if (!readToc(0, false, data, sizeof(data), &got)) return failWith(EIO);
  hdr->cdth_trk0 = data[2];
  hdr->cdth_trk1 = data[3];
  return 0;
}

int readTocEntry(cdrom_tocentry* e) {
  const bool msf = e->cdte_format == CDROM_MSF;
  if (!msf && e->cdte_format != CDROM_LBA) return failWith(EINVAL);
  static thread_local uint8_t data[4 + 8 * 101];
  uint32_t got = 0;
  if (!readToc(e->cdte_track, msf, data, sizeof(data), &got)) return failWith(EIO);
  for (uint32_t off = 4; off + 8 <= got; off += 8) {
    const uint8_t* d = data + off;
    if (d[2] != e->cdte_track) continue;
    e->cdte_adr = d[1] >> 4;
    e->cdte_ctrl = d[1] & 0x0F;
    if (msf) {
      e->cdte_addr.msf.minute = d[5];
      e->cdte_addr.msf.second = d[6];
      e->cdte_addr.msf.frame = d[7];
    } else {
      e->cdte_addr.lba = static_cast<int>((uint32_t{d[4]} << 24) | (uint32_t{d[5]} << 16) | (uint32_t{d[6]} << 8) | d[7]);
    }
    e->cdte_datamode = (d[1] & 0x04) != 0 ? 1 : 0;
    return 0;
  }
  return failWith(EINVAL);
}

// CDROMMULTISESSION (sr_get_last_session): the start of the last session's first track from READ
// TOC format 1; a disc without sessions reports LBA 0, as the kernel does.
int readMultisession(cdrom_multisession* ms) {
  uint8_t data[12] = {};
  const uint8_t cdb[10] = {0x43, 0, 0x01, 0, 0, 0, 0, 0, sizeof(data), 0};
  const Outcome o = runCommand(cdb, sizeof(cdb), WireDirection::kFromDevice, data, sizeof(data));
  int lba = 0;
  if (o.ok && o.resp.status == 0 && o.resp.data_bytes >= 12) {
    lba = static_cast<int>((uint32_t{data[8]} << 24) | (uint32_t{data[9]} << 16) | (uint32_t{data[10]} << 8) | data[11]);
  }
  ms->xa_flag = 0;
  if (ms->addr_format == CDROM_MSF) {
    const int frames = lba + 150;  // MSF counts the 2 s lead-in pregap
    ms->addr.msf.minute = static_cast<uint8_t>(frames / (60 * 75));
    ms->addr.msf.second = static_cast<uint8_t>((frames / 75) % 60);
    ms->addr.msf.frame = static_cast<uint8_t>(frames % 75);
  } else {
    ms->addr_format = CDROM_LBA;
    ms->addr.lba = lba;
  }
  return 0;
}

// CDROM_DRIVE_STATUS from TEST UNIT READY, as sr_drive_status() maps its sense.
int driveStatus() {
  const uint8_t cdb[6] = {0x00, 0, 0, 0, 0, 0};
  const Outcome o = runCommand(cdb, sizeof(cdb), WireDirection::kNone, nullptr, 0);
  if (!o.ok) return CDS_NO_INFO;
  if (o.resp.status == 0) return CDS_DISC_OK;
  if (senseAsc(o.resp) == 0x3A) return o.resp.sense[13] == 0x02 ? CDS_TRAY_OPEN : CDS_NO_DISC;
  if (senseAsc(o.resp) == 0x04) return CDS_DRIVE_NOT_READY;
  return CDS_DISC_OK;  // e.g. a pending unit attention: the disc is there
}

// CDROM_DISC_STATUS (cdrom.c cdrom_ioctl_disc_status): audio, data, mixed or no info, from the TOC.
int discStatus() {
  const int drive = driveStatus();
  if (drive != CDS_DISC_OK) return drive;
  static thread_local uint8_t data[4 + 8 * 101];
  uint32_t got = 0;
  if (!readToc(1, false, data, sizeof(data), &got)) return CDS_NO_INFO;
  int audio = 0, datas = 0;
  for (uint32_t off = 4; off + 8 <= got; off += 8) {
    if (data[off + 2] == CDROM_LEADOUT) continue;
    ((data[off + 1] & 0x04) != 0 ? datas : audio)++;
  }
  if (audio > 0 && datas == 0) return CDS_AUDIO;
  if (audio > 0) return CDS_MIXED;
  return datas > 0 ? CDS_DATA_1 : CDS_NO_INFO;
}

int simpleCommand(std::initializer_list<uint8_t> bytes) {
  uint8_t cdb[12] = {};
  std::copy(bytes.begin(), bytes.end(), cdb);
  const Outcome o = runCommand(cdb, bytes.size(), WireDirection::kNone, nullptr, 0);
  return (o.ok && o.resp.status == 0) ? 0 : failWith(EIO);
}

int deviceIoctl(int fd, unsigned long request, void* arg) {
  auto* as_int = static_cast<int*>(arg);
  switch (request) {
    case SG_IO: return sgIo(static_cast<sg_io_hdr_t*>(arg));
    case SG_GET_VERSION_NUM: *as_int = 30536; return 0;  // sg 3.5.36, as current kernels report
    case SG_SET_TIMEOUT: {
      Lock lock(g_fds_mutex);
      g_fds[fd].timeout = *as_int;
      return 0;
    }
    case SG_GET_TIMEOUT: {
      Lock lock(g_fds_mutex);
      return g_fds[fd].timeout;  // the ioctl's return value, in jiffies
    }
    case SG_GET_RESERVED_SIZE: {
      Lock lock(g_fds_mutex);
      *as_int = g_fds[fd].reserved_size;
      return 0;
    }
    case SG_SET_RESERVED_SIZE: {
      if (*as_int < 0) return failWith(EINVAL);
      Lock lock(g_fds_mutex);
      g_fds[fd].reserved_size = std::min(*as_int, 1 << 20);
      return 0;
    }
    case SG_GET_SCSI_ID: {
      auto* id = static_cast<sg_scsi_id*>(arg);
      std::memset(id, 0, sizeof(*id));
      id->host_no = static_cast<int>(config().n);
      id->scsi_type = TYPE_ROM;
      id->h_cmd_per_lun = 1;
      id->d_queue_depth = 1;
      return 0;
    }
    case SCSI_IOCTL_GET_IDLUN: {
      // dev_id = id | lun << 8 | channel << 16 | host << 24 (scsi_ioctl.c); host N, the rest 0.
      auto* idlun = static_cast<int*>(arg);
      idlun[0] = static_cast<int>(config().n << 24);
      idlun[1] = static_cast<int>(config().n);
      return 0;
    }
    case SCSI_IOCTL_GET_BUS_NUMBER: *as_int = static_cast<int>(config().n); return 0;
    case 0x030d: return failWith(EINVAL);  // HDIO_GET_IDENTITY: not an ATA disk (libburn expects this)
    case CDROM_SEND_PACKET: return sendPacket(static_cast<cdrom_generic_command*>(arg));
    case CDROM_MEDIA_CHANGED: return 0;
    case CDROM_GET_CAPABILITY:
      return CDC_CLOSE_TRAY | CDC_OPEN_TRAY | CDC_LOCK | CDC_SELECT_SPEED | CDC_MULTI_SESSION | CDC_MCN |
             CDC_MEDIA_CHANGED | CDC_PLAY_AUDIO | CDC_RESET | CDC_DRIVE_STATUS | CDC_GENERIC_PACKET | CDC_CD_R |
             CDC_CD_RW;
    case CDROM_DRIVE_STATUS: return driveStatus();
    case CDROM_DISC_STATUS: return discStatus();
    case CDROMREADTOCHDR: return readTocHeader(static_cast<cdrom_tochdr*>(arg));
    case CDROMREADTOCENTRY: return readTocEntry(static_cast<cdrom_tocentry*>(arg));
    case CDROMMULTISESSION: return readMultisession(static_cast<cdrom_multisession*>(arg));
    case CDROM_LOCKDOOR: return simpleCommand({0x1E, 0, 0, 0, static_cast<uint8_t>(arg != nullptr ? 1 : 0), 0});
    case CDROMEJECT: return simpleCommand({0x1B, 0, 0, 0, 0x02, 0});       // START STOP UNIT LoEj
    case CDROMCLOSETRAY: return simpleCommand({0x1B, 0, 0, 0, 0x03, 0});   // LoEj + Start
    case CDROM_SELECT_SPEED: return 0;
    case DVD_READ_STRUCT: return failWith(EIO);  // a CD drive: READ DVD STRUCTURE fails
    case CDROM_GET_MCN: return failWith(EIO);
    case BLKSSZGET: *as_int = kBlockBytes; return 0;
    case BLKGETSIZE64: *static_cast<uint64_t*>(arg) = static_cast<uint64_t>(capacityBytes()); return 0;
    default:
      logUnsupported("ioctl", request);
      return failWith(ENOTTY);
  }
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
  return real().open(path, flags, mode);
}
int open64(const char* path, int flags, ...) {
  if (const Node node = nodeOf(path); node != Node::kNone) return openDevice(node, flags);
  DM_MODE_ARG(flags, flags);
  return real().open(path, flags | O_LARGEFILE, mode);
}
int __open_2(const char* path, int flags) { return open(path, flags); }
int __open64_2(const char* path, int flags) { return open64(path, flags); }
int openat(int dirfd, const char* path, int flags, ...) {
  if (const Node node = nodeAt(dirfd, path); node != Node::kNone) return openDevice(node, flags);
  DM_MODE_ARG(flags, flags);
  return real().openat(dirfd, path, flags, mode);
}
int openat64(int dirfd, const char* path, int flags, ...) {
  if (const Node node = nodeAt(dirfd, path); node != Node::kNone) return openDevice(node, flags);
  DM_MODE_ARG(flags, flags);
  return real().openat(dirfd, path, flags | O_LARGEFILE, mode);
}
int __openat_2(int dirfd, const char* path, int flags) { return openat(dirfd, path, flags); }
int __openat64_2(int dirfd, const char* path, int flags) { return openat64(dirfd, path, flags); }

int close(int fd) {
  untrackFd(fd);
  {
    // A program closing every fd (daemon style) also closes our socket: forget it, reconnect later.
    Lock lock(g_conn_mutex);
    if (fd == g_conn_fd && g_conn_pid == getpid()) g_conn_fd = -1;
  }
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
  if (node == Node::kNone) return real().statx(dirfd, path, flags, mask, buf);
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
  return nodeOf(path) != Node::kNone ? 0 : real().access(path, mode);
}
int faccessat(int dirfd, const char* path, int mode, int flags) noexcept {
  return nodeAt(dirfd, path) != Node::kNone ? 0 : real().faccessat(dirfd, path, mode, flags);
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
  return real().readlink(path, buf, size);
}

}  // extern "C"
