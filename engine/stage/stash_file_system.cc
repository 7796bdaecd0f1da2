// The real StashFileSystem: free space from statvfs, reflinks with FICLONE, copies with
// copy_file_range (in-kernel) and a read/write loop where that is not available, appends that
// cut back on failure.
#include "engine/stage/stash_file_system.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "engine/base/os_error.h"
#include "engine/base/unique_fd.h"

namespace dm::stage {
namespace {

constexpr size_t kCopyChunkBytes = 1 << 20;

Status copyError(const std::filesystem::path& path, std::string_view doing, int err) {
  return osError(path, doing, err, err == ENOSPC || err == EDQUOT ? ResultCode::kNotEnoughDiskForStash
                                                                  : ResultCode::kFileAccess);
}

// Falls back to read/write when copy_file_range is refused (old kernels, some file systems).
Result<uint64_t> copyBytes(int in, int out, const std::filesystem::path& from, const std::filesystem::path& to) {
  uint64_t total = 0;
  for (;;) {
    const ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, kCopyChunkBytes, 0);
    if (n > 0) {
      total += static_cast<uint64_t>(n);
      continue;
    }
    if (n == 0) return total;
    if (errno == EINTR) continue;
    if (total == 0 && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL)) break;
    return copyError(errno == ENOSPC || errno == EDQUOT ? to : from, "copy into the stash", errno);
  }
  std::vector<char> buffer(kCopyChunkBytes);
  for (;;) {
    const ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return copyError(from, "read", errno);
    if (n == 0) return total;
    for (ssize_t done = 0; done < n;) {
      const ssize_t w = ::write(out, buffer.data() + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return copyError(to, "write the stash copy", errno);
      done += w;
    }
    total += static_cast<uint64_t>(n);
  }
}

class RealStashFileSystem final : public StashFileSystem {
 public:
  Result<uint64_t> freeBytes(const std::filesystem::path& dir) override {
    struct statvfs vfs {};
    if (::statvfs(dir.c_str(), &vfs) != 0) return osError(dir, "measure free space in", errno);
    return static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize;
  }

  Result<uint64_t> cloneOrCopy(const std::filesystem::path& from, const std::filesystem::path& to,
                               bool& cloned) override {
    const UniqueFd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (!in.valid()) return osError(from, "read", errno);
    struct stat st {};
    if (::fstat(in.get(), &st) != 0) return osError(from, "stat", errno);
    if (!S_ISREG(st.st_mode)) return fileStatus(from, "'" + from.string() + "' is no longer a regular file");
    const UniqueFd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!out.valid()) return copyError(to, "create the stash copy", errno);
    // A reflink shares the source's blocks copy-on-write: instant and free of space, and a later
    // change to the source no longer reaches the copy.
    cloned = ::ioctl(out.get(), FICLONE, in.get()) == 0;
    if (cloned) return static_cast<uint64_t>(st.st_size);
    return copyBytes(in.get(), out.get(), from, to);
  }

  Status append(const std::filesystem::path& to, std::span<const uint8_t> bytes) override {
    const UniqueFd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
    if (!out.valid()) return copyError(to, "open the stash file", errno);
    struct stat st {};
    if (::fstat(out.get(), &st) != 0) return osError(to, "stat", errno);
    for (size_t done = 0; done < bytes.size();) {
      const ssize_t w = ::write(out.get(), bytes.data() + done, bytes.size() - done);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        const int err = errno;
        // All or nothing: what was staged before this call stays exactly as it was.
        (void)::ftruncate(out.get(), st.st_size);
        return copyError(to, "write the stash file", err);
      }
      done += static_cast<size_t>(w);
    }
    return Status::Ok();
  }
};

}  // namespace

StashFileSystem& realStashFileSystem() {
  static RealStashFileSystem fs;  // stateless
  return fs;
}

}  // namespace dm::stage
