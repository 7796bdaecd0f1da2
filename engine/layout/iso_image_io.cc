// IsoImage: producing blocks on demand (readBlocks) and streaming the image to a file (writeTo).
// File data is read with POSIX pread at the moment it is asked for, after checking the source is
// still the regular file of the size that was staged: an image must never silently contain
// bytes other than the ones its directory records describe.
#include <fcntl.h>
#include <sys/sendfile.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <thread>
#include <utility>

#include "engine/base/ordered_pipeline.h"
#include "engine/base/os_error.h"
#include "engine/base/unique_fd.h"
#include "engine/layout/iso_image.h"

namespace dm::layout {
namespace {

// writeTo's unit of work: 512 KiB per readBlocks call.
constexpr uint32_t kWriteChunkBlocks = 256;
// Files from this size on are copied by the kernel (copy_file_range, sendfile) instead of through
// a buffer: no copy through user space, and a reflink where the file system shares blocks.
constexpr uint64_t kKernelCopyMinBytes = 1 << 20;

bool allZero(const uint8_t* p, size_t n) {
  return n == 0 || (p[0] == 0 && std::memcmp(p, p + 1, n - 1) == 0);
}

Status writeAll(int fd, const uint8_t* p, size_t bytes, const std::filesystem::path& iso) {
  for (size_t done = 0; done < bytes;) {
    const ssize_t w = ::write(fd, p + done, bytes - done);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return osError(iso, "write image", errno);
    done += static_cast<size_t>(w);
  }
  return Status::Ok();
}

}  // namespace

Status IsoImage::readFileBlocks(const FileExtent& file, uint32_t first_block, uint32_t count,
                                uint8_t* out) const {
  // O_NOATIME: reading the sources for an image must not change their access times (which Rock
  // Ridge records); it is refused on files of other owners, which are then read normally.
  UniqueFd fd(::open(file.source.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOATIME));
  if (fd.get() < 0 && errno == EPERM) fd = UniqueFd(::open(file.source.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) return osError(file.source, "read staged file", errno);
  DM_TRY(checkStaged(file, fd.get()));

  const uint64_t offset = uint64_t{first_block} * kBlockBytes;
  const size_t span_bytes = size_t{count} * kBlockBytes;
  const auto want = static_cast<size_t>(std::min<uint64_t>(span_bytes, file.size_bytes - offset));
  size_t done = 0;
  while (done < want) {
    const ssize_t n = ::pread(fd.get(), out + done, want - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return osError(file.source, "read staged file", errno);
    if (n == 0)
      return fileStatus(file.source,
                       fmt::format("staged file '{}' shrank while being read "
                                   "(ended at byte {} of {})",
                                   file.source.string(), offset + done, file.size_bytes));
    done += static_cast<size_t>(n);
  }
  std::memset(out + want, 0, span_bytes - want);  // §6.4.5: the rest of the last block
  return Status::Ok();
}

Status IsoImage::checkStaged(const FileExtent& file, int fd) const {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return osError(file.source, "stat staged file", errno);
  if (!S_ISREG(st.st_mode) || static_cast<uint64_t>(st.st_size) != file.size_bytes)
    return fileStatus(file.source,
                     fmt::format("staged file '{}' changed since it was staged: it had {} bytes, "
                                 "now {}",
                                 file.source.string(), file.size_bytes,
                                 S_ISREG(st.st_mode) ? std::to_string(st.st_size)
                                                     : std::string("is not a regular file")));
  return Status::Ok();
}

Result<bool> IsoImage::copyFileInKernel(const FileExtent& file, int out, bool out_regular,
                                        const std::filesystem::path& iso) const {
  UniqueFd fd(::open(file.source.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOATIME));
  if (fd.get() < 0 && errno == EPERM) fd = UniqueFd(::open(file.source.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) return osError(file.source, "read staged file", errno);
  DM_TRY(checkStaged(file, fd.get()));
  struct stat st {};
  (void)::fstat(fd.get(), &st);
  // A sparse source keeps its holes in a regular image only through the buffered path.
  if (out_regular && static_cast<uint64_t>(st.st_blocks) * 512 < file.size_bytes) return false;
  uint64_t done = 0;
  while (done < file.size_bytes) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(file.size_bytes - done, 1u << 30));
    auto in_off = static_cast<off_t>(done);
    const ssize_t n = out_regular ? ::copy_file_range(fd.get(), &in_off, out, nullptr, want, 0)
                                  : ::sendfile(out, fd.get(), &in_off, want);
    if (n < 0 && errno == EINTR) continue;
    // Not possible between these two files (another file system on an old kernel, a special
    // output): nothing was copied yet, so the buffered path takes over.
    if (n < 0 && done == 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP))
      return false;
    if (n < 0) return osError(iso, "write image", errno);
    if (n == 0)
      return fileStatus(file.source, fmt::format("staged file '{}' shrank while being read (ended at byte {} of {})",
                                                 file.source.string(), done, file.size_bytes));
    done += static_cast<uint64_t>(n);
  }
  // §6.4.5: the rest of the last block is zeros.
  const size_t pad = static_cast<size_t>(uint64_t{file.blocks()} * kBlockBytes - file.size_bytes);
  if (pad > 0) {
    static constexpr std::array<uint8_t, kBlockBytes> kZeros{};
    DM_TRY(writeAll(out, kZeros.data(), pad, iso));
  }
  return true;
}

Status IsoImage::renderRegion(const Region& region, uint32_t lba, uint32_t count,
                              uint8_t* out) const {
  const uint32_t first = lba - region.first_lba;
  switch (region.kind) {
    case RegionKind::kZeros:
      std::memset(out, 0, size_t{count} * kBlockBytes);
      return Status::Ok();
    case RegionKind::kMetadata:
      std::memcpy(out, metadata_.data() + size_t{first} * kBlockBytes, size_t{count} * kBlockBytes);
      return Status::Ok();
    case RegionKind::kIsoDirectory:
    case RegionKind::kJolietDirectory: {
      const Hierarchy& h = region.kind == RegionKind::kIsoDirectory ? iso_ : joliet_;
      for (uint32_t k = 0; k < count; ++k)
        renderDirectoryBlock(h, region.index, first + k, files_,
                             std::span<uint8_t>(out + size_t{k} * kBlockBytes, kBlockBytes));
      return Status::Ok();
    }
    case RegionKind::kIsoContinuation:
      std::memcpy(out, iso_.continuation.data() + size_t{first} * kBlockBytes, size_t{count} * kBlockBytes);
      return Status::Ok();
    case RegionKind::kBootCatalog:
      std::memcpy(out, boot_catalog_.data(), kBlockBytes);
      return Status::Ok();
    case RegionKind::kBootImage: {
      const std::vector<uint8_t>& image = *boot_->image;
      const size_t from = size_t{first} * kBlockBytes;
      const size_t want = std::min(size_t{count} * kBlockBytes, image.size() - from);
      std::memcpy(out, image.data() + from, want);
      std::memset(out + want, 0, size_t{count} * kBlockBytes - want);
      return Status::Ok();
    }
    case RegionKind::kFile:
      return readFileBlocks(files_[region.index], first, count, out);
  }
  return Status(ResultCode::kGeneric, "unknown image region");
}

Status IsoImage::readBlocks(uint32_t lba, uint32_t count, std::span<uint8_t> out) const {
  if (uint64_t{lba} + count > total_blocks_) {
    Status status(ResultCode::kInvalidArgument,
                  fmt::format("blocks {}…{} are outside the image of {} blocks", lba,
                              uint64_t{lba} + count, total_blocks_));
    status.context().lba = lba;
    status.context().blocks = count;
    return status;
  }
  if (out.size() < size_t{count} * kBlockBytes)
    return Status(ResultCode::kInvalidArgument,
                  fmt::format("a buffer of {} bytes cannot hold {} blocks", out.size(), count));
  uint8_t* p = out.data();
  while (count > 0) {
    // The last region starting at or before lba; regions tile the image, so it contains lba.
    auto it = std::upper_bound(regions_.begin(), regions_.end(), lba,
                               [](uint32_t l, const Region& r) { return l < r.first_lba; });
    const Region& region = *std::prev(it);
    const uint32_t n = std::min(count, region.first_lba + region.blocks - lba);
    Status status = renderRegion(region, lba, n, p);
    if (!status.ok()) {
      status.context().lba = lba;
      return status;
    }
    lba += n;
    count -= n;
    p += size_t{n} * kBlockBytes;
  }
  return Status::Ok();
}


Status IsoImage::writeTo(const std::filesystem::path& iso) const {
  // A regular file is written sparse: runs of zero blocks (holes in sparse sources, padding)
  // are skipped with lseek, so a multi-gigabyte image of sparse files costs little disk.
  // Anything else (a pipe, /dev/null) gets every byte.
  struct stat existing {};
  const bool regular = ::stat(iso.c_str(), &existing) != 0 || S_ISREG(existing.st_mode);
  UniqueFd fd(::open(iso.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) return osError(iso, "create image", errno);
  auto fail = [&](Status status) {
    ::close(fd.release());
    if (regular) ::unlink(iso.c_str());
    return status;
  };

  // The image as steps: chunks of up to kWriteChunkBlocks rendered by worker threads (many small
  // files are read in parallel), and files the kernel copies, each a step of its own. The calling
  // thread writes the steps in order.
  struct Step {
    uint32_t lba = 0;
    uint32_t blocks = 0;
    const FileExtent* kernel_file = nullptr;  // copied by the kernel, not rendered
  };
  std::vector<Step> steps;
  for (uint32_t lba = 0, r = 0; lba < total_blocks_;) {
    while (regions_[r].first_lba + regions_[r].blocks <= lba) ++r;
    const Region& region = regions_[r];
    if (lba == region.first_lba && region.kind == RegionKind::kFile && files_[region.index].size_bytes >= kKernelCopyMinBytes) {
      steps.push_back({lba, region.blocks, &files_[region.index]});
      lba += region.blocks;
      continue;
    }
    uint32_t n = std::min(kWriteChunkBlocks, total_blocks_ - lba);
    // A chunk stops where a file the kernel copies begins.
    for (size_t k = r + 1; k < regions_.size() && regions_[k].first_lba < lba + n; ++k) {
      if (regions_[k].kind == RegionKind::kFile && files_[regions_[k].index].size_bytes >= kKernelCopyMinBytes) {
        n = regions_[k].first_lba - lba;
        break;
      }
    }
    steps.push_back({lba, n, nullptr});
    lba += n;
  }

  OrderedPipeline pipeline;
  pipeline.steps = steps.size();
  pipeline.workers = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  pipeline.window = 2 * pipeline.workers + 2;
  std::vector<std::vector<uint8_t>> slots(pipeline.window, std::vector<uint8_t>(size_t{kWriteChunkBlocks} * kBlockBytes));
  bool kernel_copy = true;  // until the kernel says it cannot copy between these files
  bool pending_hole = false;
  auto put = [&](const uint8_t* data, uint32_t blocks) -> Status {
    const size_t bytes = size_t{blocks} * kBlockBytes;
    if (regular && allZero(data, bytes)) {
      if (::lseek(fd.get(), static_cast<off_t>(bytes), SEEK_CUR) < 0) return osError(iso, "seek in image", errno);
      pending_hole = true;
      return Status::Ok();
    }
    pending_hole = false;
    return writeAll(fd.get(), data, bytes, iso);
  };
  pipeline.prepare = [&](size_t k, size_t slot) -> Status {
    const Step& step = steps[k];
    if (step.kernel_file != nullptr) return Status::Ok();
    return readBlocks(step.lba, step.blocks, slots[slot]);
  };
  pipeline.finish = [&](size_t k, size_t slot) -> Status {
    const Step& step = steps[k];
    if (step.kernel_file == nullptr) return put(slots[slot].data(), step.blocks);
    if (kernel_copy) {
      DM_ASSIGN_OR_RETURN(bool copied, copyFileInKernel(*step.kernel_file, fd.get(), regular, iso));
      if (copied) {
        pending_hole = false;
        return Status::Ok();
      }
      kernel_copy = false;
    }
    // The kernel cannot copy here: this thread renders the file through its slot.
    for (uint32_t done = 0; done < step.blocks;) {
      const uint32_t n = std::min(kWriteChunkBlocks, step.blocks - done);
      DM_TRY(readBlocks(step.lba + done, n, slots[slot]));
      DM_TRY(put(slots[slot].data(), n));
      done += n;
    }
    return Status::Ok();
  };
  if (Status status = runOrdered(pipeline); !status.ok()) return fail(std::move(status));
  // A hole at the end needs the size set explicitly.
  if (pending_hole && ::ftruncate(fd.get(), static_cast<off_t>(uint64_t{total_blocks_} * kBlockBytes)) != 0)
    return fail(osError(iso, "set the image size", errno));
  if (::close(fd.release()) != 0) {
    const int err = errno;
    if (regular) ::unlink(iso.c_str());
    return osError(iso, "write image", err);
  }
  return Status::Ok();
}

}  // namespace dm::layout
