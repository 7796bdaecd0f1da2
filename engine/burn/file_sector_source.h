// FileSectorSource: the blocks of a track read from a file of fixed-size blocks (a staged audio
// track in the stash: raw 2352-byte CD-DA), with pread so the burn never loads the whole track.
#pragma once

#include <cstdint>
#include <filesystem>

#include "engine/base/result.h"
#include "engine/base/unique_fd.h"
#include "engine/burn/sector_source.h"

namespace dm::burn {

class FileSectorSource final : public SectorSource {
 public:
  // Opens `path`; its size must be a whole number of `block_size` blocks.
  static Result<FileSectorSource> open(const std::filesystem::path& path, uint32_t block_size);

  uint32_t blockSize() const override { return block_size_; }
  uint32_t totalBlocks() const override { return blocks_; }
  Status readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const override;

 private:
  FileSectorSource(std::filesystem::path path, UniqueFd fd, uint32_t block_size, uint32_t blocks)
      : path_(std::move(path)), fd_(std::move(fd)), block_size_(block_size), blocks_(blocks) {}

  std::filesystem::path path_;
  UniqueFd fd_;
  uint32_t block_size_ = 0;
  uint32_t blocks_ = 0;
};

}  // namespace dm::burn
