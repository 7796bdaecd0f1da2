// BufferModel: the drive's write buffer as a fluid model. The host fills it in whole commands; the
// write head empties it at a constant byte rate (write speed × 75 sectors/s × block size, mmc.md
// §1.2) from the moment it starts. Nothing is simulated per sector: the level at any time follows
// exactly from (bytes fed in this run, head start time, rate), so the model is lazy, integer-exact
// and deterministic. A "run" is one uninterrupted stretch of head activity; it ends when the head
// stops with the buffer empty (end of track, or an underrun).
#pragma once

#include <cstdint>
#include <optional>

#include "emulator/sim/ticks.h"

namespace vrec {

class BufferModel {
 public:
  explicit BufferModel(uint64_t capacity_bytes) : capacity_(capacity_bytes) {}

  uint64_t capacityBytes() const { return capacity_; }
  // Bytes waiting to be written at time `t` (t must not precede the last feed).
  uint64_t levelAt(Ticks t) const;
  uint64_t freeAt(Ticks t) const;
  bool empty() const { return fed_ == 0; }

  bool draining() const { return draining_; }
  Ticks drainStart() const { return drain_start_; }
  uint64_t drainBytesPerSecond() const { return rate_; }

  // The head starts writing at `start` (after OPC or pregap, which the caller accounts for) at
  // `bytes_per_second`. REQUIRES: !draining(), bytes_per_second > 0.
  void startDrain(Ticks start, uint64_t bytes_per_second);

  // The head changes speed at `t` (CAV, P-CAV, a Z-CLV zone edge): what is left keeps draining
  // from `t` at `bytes_per_second`. REQUIRES: draining(), t >= drainStart(), bytes_per_second > 0.
  void rebase(Ticks t, uint64_t bytes_per_second);

  // When everything fed so far has been written. REQUIRES: draining().
  Ticks emptyTime() const;

  // Earliest time at or after `from` at which `bytes` more fit. nullopt when they do not fit now
  // and the head is not draining (the caller must start it first).
  std::optional<Ticks> roomTime(Ticks from, uint64_t bytes) const;

  // `bytes` arrive; the caller made sure they fit at the time they arrive.
  void feed(uint64_t bytes) { fed_ += bytes; }

  // The head stopped with the buffer empty: the run is over.
  void stopEmpty();

 private:
  uint64_t drainedAt(Ticks t) const;

  uint64_t capacity_;
  uint64_t fed_ = 0;  // bytes accepted since the run began
  bool draining_ = false;
  Ticks drain_start_ = 0;
  uint64_t rate_ = 0;  // bytes per second while draining
};

}  // namespace vrec
