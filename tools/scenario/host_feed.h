// HostFeed: the host side of a scenario burn. It wraps the image's SectorSource and, the first
// time the burner asks for each block, lets the recorder's virtual clock run for as long as a
// host producing `bytes_per_second` would take to deliver it, plus any stall whose position falls
// inside the blocks asked for. The drive keeps burning meanwhile, so its buffer drains exactly as
// it would behind a slow or stalling host. Reads of blocks already delivered (verify) are free.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "emulator/drive/recorder.h"
#include "engine/burn/sector_source.h"
#include "tools/scenario/scenario.h"

namespace dm::scenario {

class HostFeed final : public burn::SectorSource {
 public:
  // Stall positions are fractions of the whole disc: this source's blocks are the disc's blocks
  // [first_disc_block, first_disc_block + totalBlocks()) of `disc_blocks` (one track of several).
  HostFeed(const burn::SectorSource& inner, vrec::Recorder& recorder, std::optional<double> bytes_per_second,
           const std::vector<Stall>& stalls, double jitter_fraction = 0, uint64_t seed = 1,
           uint32_t first_disc_block = 0, std::optional<uint32_t> disc_blocks = std::nullopt);

  uint32_t blockSize() const override { return inner_.blockSize(); }
  uint32_t totalBlocks() const override { return inner_.totalBlocks(); }
  Status readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const override;

  // Virtual nanoseconds the host spent producing data and stalling.
  int64_t feedNs() const { return feed_ns_; }
  int64_t stallNs() const { return stall_ns_; }

 private:
  struct PendingStall {
    uint32_t at_block;
    int64_t for_ns;
  };
  const burn::SectorSource& inner_;
  vrec::Recorder& recorder_;
  std::optional<double> bytes_per_second_;
  std::vector<PendingStall> stalls_;   // sorted by block
  mutable size_t next_stall_ = 0;
  mutable uint32_t delivered_ = 0;     // blocks [0, delivered_) were produced already
  mutable double owed_ns_ = 0;         // fractional nanoseconds carried between reads
  mutable int64_t feed_ns_ = 0, stall_ns_ = 0;
  double jitter_ = 0;
  mutable uint64_t random_state_ = 1;  // xorshift64: the jitter, the same for the same seed
};

}  // namespace dm::scenario
