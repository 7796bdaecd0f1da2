// Scheduler: a std::map keyed by (tick, sequence) is both the priority queue and the index for
// cancel(); its ordering is total, so the run order never depends on allocation or hashing.
#include "emulator/sim/scheduler.h"

#include <algorithm>

namespace vrec {

Scheduler::Handle Scheduler::schedule(Ticks at, Action action) {
  const Handle handle{std::max(at, now_), next_sequence_++};
  queue_.emplace(Key{handle.tick, handle.sequence}, std::move(action));
  return handle;
}

bool Scheduler::cancel(Handle handle) {
  if (!handle.valid()) return false;
  return queue_.erase(Key{handle.tick, handle.sequence}) > 0;
}

void Scheduler::runUntil(Ticks t) {
  while (!queue_.empty() && queue_.begin()->first.first <= t) {
    auto first = queue_.begin();
    now_ = std::max(now_, first->first.first);
    // Moved out and erased before running: the action may schedule or cancel freely.
    Action action = std::move(first->second);
    queue_.erase(first);
    action();
  }
  now_ = std::max(now_, t);
}

std::optional<Ticks> Scheduler::nextTick() const {
  if (queue_.empty()) return std::nullopt;
  return queue_.begin()->first.first;
}

}  // namespace vrec
