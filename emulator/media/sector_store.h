// SectorStore: the sparse memory of what has been recorded on a medium, block by block. A blank
// disc costs nothing; written blocks are kept in chunks of 1024 consecutive LBAs (about 2 MiB)
// allocated on first write, so a 700 MB disc with one small track holds only that track. Chunks
// are 2 MiB-aligned, never zero-filled and offered to the kernel as huge pages: a full disc is
// 360 k blocks written once, and page faults, not copying, were what it cost. A block is stored with the
// size the host sent (2048 for Mode 1 user data, 2352 for raw sectors; mmc.md §1.1).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <vector>

namespace vrec {

inline constexpr uint32_t kMaxStoredBlockBytes = 2352;  // raw CD sector (mmc.md §1.1)

class SectorStore {
 public:
  SectorStore() = default;
  SectorStore(const SectorStore& other);  // a deep copy (a medium kept aside, a test write's scratch)
  SectorStore& operator=(const SectorStore& other);
  SectorStore(SectorStore&&) noexcept = default;
  SectorStore& operator=(SectorStore&&) noexcept = default;

  // Records `block` at `lba` (any LBA, negative ones included: SAO pregaps start at -150).
  // Blocks larger than kMaxStoredBlockBytes are cut to that size. Rewriting replaces the block.
  void write(int32_t lba, std::span<const uint8_t> block);

  // The block recorded at `lba`, or an empty span if nothing was ever written there. The span is
  // valid until the next write or clear.
  std::span<const uint8_t> read(int32_t lba) const;

  bool contains(int32_t lba) const { return !read(lba).empty(); }

  // Number of blocks stored, and memory held for them (for tests and reports).
  uint64_t storedBlocks() const { return stored_blocks_; }
  uint64_t chunkCount() const { return chunks_.size(); }

  // Calls `visit` for every stored block in ascending LBA order (saving a medium file).
  void forEachBlock(const std::function<void(int32_t lba, std::span<const uint8_t> block)>& visit) const;

  // Forgets every block at or after `lba` (blanking, abandoned tracks).
  void eraseFrom(int32_t lba);
  void clear();

 private:
  static constexpr int32_t kChunkSectors = 1024;

  struct FreeBytes {
    void operator()(uint8_t* p) const;
  };
  struct Chunk {
    uint16_t stride = 0;                          // bytes reserved per block
    std::array<uint16_t, kChunkSectors> lengths{};  // 0 = not written
    std::unique_ptr<uint8_t, FreeBytes> bytes;    // kChunkSectors × stride; only written slots are read
  };
  static std::unique_ptr<uint8_t, FreeBytes> allocate(uint16_t stride);

  static int64_t chunkKey(int32_t lba);
  static int32_t slotOf(int32_t lba);
  static void restride(Chunk& chunk, uint16_t stride);

  std::map<int64_t, Chunk> chunks_;
  uint64_t stored_blocks_ = 0;
};

}  // namespace vrec
