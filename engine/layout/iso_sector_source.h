// IsoSectorSource: an ISO image as the burner's block source (2048-byte Mode 1 blocks).
#pragma once

#include "engine/burn/sector_source.h"
#include "engine/layout/iso_image.h"

namespace dm::layout {

class IsoSectorSource final : public burn::SectorSource {
 public:
  explicit IsoSectorSource(const IsoImage& image) : image_(image) {}
  uint32_t blockSize() const override { return 2048; }
  uint32_t totalBlocks() const override { return image_.totalBlocks(); }
  Status readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const override {
    return image_.readBlocks(first, count, out);
  }

 private:
  const IsoImage& image_;
};

}  // namespace dm::layout
