// Views of a SectorSource: a slice of its blocks (one track of an audio file that holds several,
// as a cue sheet cuts it), and the source followed by blocks of zeros (digital silence).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "engine/burn/sector_source.h"

namespace dm::burn {

class SliceSource final : public SectorSource {
 public:
  // REQUIRES: first + count <= inner.totalBlocks().
  SliceSource(const SectorSource& inner, uint32_t first, uint32_t count) : inner_(inner), first_(first), count_(count) {}
  uint32_t blockSize() const override { return inner_.blockSize(); }
  uint32_t totalBlocks() const override { return count_; }
  Status readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const override {
    return inner_.readBlocks(first_ + first, count, out);
  }

 private:
  const SectorSource& inner_;
  uint32_t first_, count_;
};

class PaddedSource final : public SectorSource {
 public:
  PaddedSource(const SectorSource& inner, uint32_t zero_blocks) : inner_(inner), zeros_(zero_blocks) {}
  uint32_t blockSize() const override { return inner_.blockSize(); }
  uint32_t totalBlocks() const override { return inner_.totalBlocks() + zeros_; }
  Status readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const override {
    const uint32_t real = inner_.totalBlocks();
    const uint32_t from_inner = first < real ? std::min(count, real - first) : 0;
    if (from_inner > 0) DM_TRY(inner_.readBlocks(first, from_inner, out.first(size_t{from_inner} * blockSize())));
    std::memset(out.data() + size_t{from_inner} * blockSize(), 0, size_t{count - from_inner} * blockSize());
    return Status::Ok();
  }

 private:
  const SectorSource& inner_;
  uint32_t zeros_;
};

}  // namespace dm::burn
