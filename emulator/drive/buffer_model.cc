// BufferModel arithmetic. Drained bytes are computed from the run's head start each time (never
// accumulated), so no rounding error builds up over a long track.
#include "emulator/drive/buffer_model.h"

#include <algorithm>

#include "emulator/sim/rate.h"

namespace vrec {

uint64_t BufferModel::drainedAt(Ticks t) const {
  if (!draining_ || t <= drain_start_) return 0;
  return std::min(fed_, unitsMovedIn(t - drain_start_, rate_));
}

uint64_t BufferModel::levelAt(Ticks t) const { return fed_ - drainedAt(t); }

uint64_t BufferModel::freeAt(Ticks t) const {
  const uint64_t level = levelAt(t);
  return level >= capacity_ ? 0 : capacity_ - level;
}

void BufferModel::startDrain(Ticks start, uint64_t bytes_per_second) {
  draining_ = true;
  drain_start_ = start;
  rate_ = bytes_per_second == 0 ? 1 : bytes_per_second;
}

void BufferModel::rebase(Ticks t, uint64_t bytes_per_second) {
  fed_ = levelAt(t);
  drain_start_ = t;
  rate_ = bytes_per_second == 0 ? 1 : bytes_per_second;
}

Ticks BufferModel::emptyTime() const { return addTicks(drain_start_, ticksToMove(fed_, rate_)); }

std::optional<Ticks> BufferModel::roomTime(Ticks from, uint64_t bytes) const {
  if (levelAt(from) + bytes <= capacity_) return from;
  if (!draining_) return std::nullopt;
  // Room for `bytes` once the head has written fed_ + bytes - capacity_ bytes of this run. For a
  // command larger than the whole buffer this is when its tail fits: the data streams through.
  const uint64_t must_drain = fed_ + bytes - capacity_;
  return std::max(from, addTicks(drain_start_, ticksToMove(must_drain, rate_)));
}

void BufferModel::stopEmpty() {
  fed_ = 0;
  draining_ = false;
  drain_start_ = 0;
  rate_ = 0;
}

}  // namespace vrec
