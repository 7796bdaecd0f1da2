// FileSectorSource: fixed-size blocks from a file (see header).
#include "engine/burn/file_sector_source.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "engine/base/os_error.h"

namespace dm::burn {

Result<FileSectorSource> FileSectorSource::open(const std::filesystem::path& path, uint32_t block_size) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return osError(path, "open the track file", errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return osError(path, "stat the track file", errno);
  const auto size = static_cast<uint64_t>(st.st_size);
  if (block_size == 0 || size % block_size != 0) {
    return Status(ResultCode::kInvalidImage,
                  fmt::format("'{}' holds {} bytes, not a whole number of {}-byte blocks", path.string(), size,
                              block_size));
  }
  return FileSectorSource(path, std::move(fd), block_size, static_cast<uint32_t>(size / block_size));
}

Status FileSectorSource::readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const {
  const uint64_t want = uint64_t{count} * block_size_;
  if (first + uint64_t{count} > blocks_ || out.size() < want) {
    return Status(ResultCode::kInvalidArgument,
                  fmt::format("'{}': blocks {}+{} are outside its {} blocks", path_.string(), first, count, blocks_));
  }
  uint64_t done = 0;
  while (done < want) {
    const ssize_t n = ::pread(fd_.get(), out.data() + done, want - done,
                              static_cast<off_t>(uint64_t{first} * block_size_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return osError(path_, "read the track file", errno);
    if (n == 0) return Status(ResultCode::kFileAccess, fmt::format("'{}' became shorter while burning", path_.string()));
    done += static_cast<uint64_t>(n);
  }
  return Status::Ok();
}

}  // namespace dm::burn
