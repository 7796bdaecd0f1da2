// SectorStore implementation: chunk addressing, re-striding when a larger block lands in a chunk,
// and erasure.
#include "emulator/media/sector_store.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

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

namespace {

constexpr size_t kHugePage = size_t{2} << 20;

}  // namespace

void SectorStore::FreeBytes::operator()(uint8_t* p) const { std::free(p); }

std::unique_ptr<uint8_t, SectorStore::FreeBytes> SectorStore::allocate(uint16_t stride) {
  // Exactly the chunk's size (glibc takes sizes that are not a multiple of the alignment), so a
  // 2352-byte chunk's last part stays in small pages instead of a half-empty huge one.
  const size_t bytes = static_cast<size_t>(kChunkSectors) * stride;
  void* p = std::aligned_alloc(kHugePage, bytes);
  if (p == nullptr) throw std::bad_alloc();
  // A hint only: without transparent huge pages the chunk is ordinary memory.
  (void)::madvise(p, bytes, MADV_HUGEPAGE);
  return std::unique_ptr<uint8_t, FreeBytes>(static_cast<uint8_t*>(p));
}

SectorStore::SectorStore(const SectorStore& other) : stored_blocks_(other.stored_blocks_) {
  for (const auto& [key, chunk] : other.chunks_) {
    Chunk copy;
    copy.stride = chunk.stride;
    copy.lengths = chunk.lengths;
    copy.bytes = allocate(chunk.stride);
    for (size_t slot = 0; slot < static_cast<size_t>(kChunkSectors); ++slot) {
      if (chunk.lengths[slot] == 0) continue;  // never written: nothing defined to copy
      std::memcpy(copy.bytes.get() + slot * chunk.stride, chunk.bytes.get() + slot * chunk.stride, chunk.stride);
    }
    chunks_.emplace(key, std::move(copy));
  }
}

SectorStore& SectorStore::operator=(const SectorStore& other) {
  if (this != &other) *this = SectorStore(other);
  return *this;
}

void SectorStore::restride(Chunk& chunk, uint16_t stride) {
  auto bytes = allocate(stride);
  for (int32_t slot = 0; slot < kChunkSectors; ++slot) {
    const uint16_t length = chunk.lengths[static_cast<size_t>(slot)];
    if (length == 0) continue;
    uint8_t* target = bytes.get() + static_cast<size_t>(slot) * stride;
    std::memcpy(target, chunk.bytes.get() + static_cast<size_t>(slot) * chunk.stride, length);
    std::memset(target + length, 0, stride - length);
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
  uint8_t* target = chunk.bytes.get() + slot * chunk.stride;
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
  return std::span<const uint8_t>(it->second.bytes.get() + slot * it->second.stride, length);
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
      visit(lba, std::span<const uint8_t>(chunk.bytes.get() + static_cast<size_t>(slot) * chunk.stride, length));
    }
  }
}

void SectorStore::clear() {
  chunks_.clear();
  stored_blocks_ = 0;
}

}  // namespace vrec
