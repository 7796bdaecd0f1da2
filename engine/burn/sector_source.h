// SectorSource: where the burner gets the blocks of a track. The layout's ISO image implements it
// (blocks produced on demand from the staged tree), so a burn never needs the whole image in memory.
#pragma once

#include <cstdint>
#include <span>

#include "engine/base/status.h"

namespace dm::burn {

class SectorSource {
 public:
  virtual ~SectorSource() = default;
  virtual uint32_t blockSize() const = 0;
  virtual uint32_t totalBlocks() const = 0;
  // Fills `out` (count × blockSize bytes) with blocks [first, first + count).
  virtual Status readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const = 0;
};

}  // namespace dm::burn
