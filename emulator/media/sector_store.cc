// SectorStore implementation: chunk addressing, re-striding when a larger block lands in a chunk,
// and erasure.
#include "emulator/media/sector_store.h"

#include <algorithm>
#include <cstring>

namespace vrec {

int64_t SectorStore::chunkKey(int32_t lba) {
  // Floor division, so LBA -1 and LBA 0 fall into different chunks.
  const int64_t value = lba;
  return value >= 0 ? value / kChunkSectors : -((-value + kChunkSectors - 1) / kChunkSectors);
}

int32_t SectorStore::slotOf(int32_t lba) {
  const int64_t slot = static_cast<int64_t>(lba) - chunkKey(lba) * kChunkSectors;
  return static_cast<int32_t>(slot);
}

void SectorStore::restride(Chunk& chunk, uint16_t stride) {
  std::vector<uint8_t> bytes(static_cast<size_t>(kChunkSectors) * stride, 0);
  for (int32_t slot = 0; slot < kChunkSectors; ++slot) {
    const uint16_t length = chunk.lengths[static_cast<size_t>(slot)];
    if (length == 0) continue;
    std::memcpy(bytes.data() + static_cast<size_t>(slot) * stride,
                chunk.bytes.data() + static_cast<size_t>(slot) * chunk.stride, length);
  }
  chunk.bytes = std::move(bytes);
  chunk.stride = stride;
}

void SectorStore::write(int32_t lba, std::span<const uint8_t> block) {
  const size_t clipped = std::min<size_t>(block.size(), kMaxStoredBlockBytes);
  if (clipped == 0) return;
  const auto length = static_cast<uint16_t>(clipped);
  Chunk& chunk = chunks_[chunkKey(lba)];
  if (chunk.stride < length) restride(chunk, length);
  const auto slot = static_cast<size_t>(slotOf(lba));
  if (chunk.lengths[slot] == 0) ++stored_blocks_;
  uint8_t* target = chunk.bytes.data() + slot * chunk.stride;
  std::memcpy(target, block.data(), length);
  if (length < chunk.stride) std::memset(target + length, 0, chunk.stride - length);
  chunk.lengths[slot] = length;
}

std::span<const uint8_t> SectorStore::read(int32_t lba) const {
  const auto it = chunks_.find(chunkKey(lba));
  if (it == chunks_.end()) return {};
  const auto slot = static_cast<size_t>(slotOf(lba));
  const uint16_t length = it->second.lengths[slot];
  if (length == 0) return {};
  return std::span<const uint8_t>(it->second.bytes.data() + slot * it->second.stride, length);
}

void SectorStore::eraseFrom(int32_t lba) {
  const int64_t first = chunkKey(lba);
  // The chunk holding `lba` keeps its blocks before it; later chunks go entirely.
  if (auto it = chunks_.find(first); it != chunks_.end()) {
    for (int32_t slot = slotOf(lba); slot < kChunkSectors; ++slot) {
      uint16_t& length = it->second.lengths[static_cast<size_t>(slot)];
      if (length != 0) --stored_blocks_;
      length = 0;
    }
  }
  for (auto it = chunks_.upper_bound(first); it != chunks_.end();) {
    for (uint16_t length : it->second.lengths) {
      if (length != 0) --stored_blocks_;
    }
    it = chunks_.erase(it);
  }
}

void SectorStore::forEachBlock(const std::function<void(int32_t, std::span<const uint8_t>)>& visit) const {
  for (const auto& [key, chunk] : chunks_) {
    for (int32_t slot = 0; slot < kChunkSectors; ++slot) {
      const uint16_t length = chunk.lengths[static_cast<size_t>(slot)];
      if (length == 0) continue;
      const auto lba = static_cast<int32_t>(key * kChunkSectors + slot);
      visit(lba, std::span<const uint8_t>(chunk.bytes.data() + static_cast<size_t>(slot) * chunk.stride, length));
    }
  }
}

void SectorStore::clear() {
  chunks_.clear();
  stored_blocks_ = 0;
}

}  // namespace vrec
