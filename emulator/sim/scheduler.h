// Scheduler: the emulator's discrete-event queue on the integer virtual clock (1 tick = 1 ns,
// ticks.h). Every time-driven change of drive state (an IMMED operation ending, a flush reaching
// the end of the track, the write head running dry) is an event at a tick; events run in
// (tick, sequence) order, the sequence being the order they were scheduled, so two events at the
// same tick always run the same way round (the tie-break ares' scheduler makes with its uniqueID,
// STYLE.md §3). Time only moves through runUntil(); nothing here reads a wall clock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>

#include "emulator/sim/ticks.h"

namespace vrec {

class Scheduler {
 public:
  // What an event does; it is called with the scheduler's now() set to the event's tick and may
  // schedule further events (at or after that tick) or cancel pending ones.
  using Action = std::function<void()>;

  // Names one scheduled event, for cancel(). A default handle names nothing.
  struct Handle {
    Ticks tick = 0;
    uint64_t sequence = 0;  // 0: no event
    bool valid() const { return sequence != 0; }
  };

  Ticks now() const { return now_; }

  // Queues `action` at tick `at`; an `at` in the past is run at now() (an event cannot change the
  // past). Returns the event's handle.
  Handle schedule(Ticks at, Action action);

  // Removes a pending event. False if it already ran, was cancelled, or `handle` is empty.
  bool cancel(Handle handle);

  // Runs every pending event with tick <= t in (tick, sequence) order, including events those
  // events schedule inside the window, then sets now() to t (never backwards).
  void runUntil(Ticks t);

  size_t pendingCount() const { return queue_.size(); }
  std::optional<Ticks> nextTick() const;

 private:
  using Key = std::pair<Ticks, uint64_t>;
  std::map<Key, Action> queue_;  // ordered by (tick, sequence): deterministic iteration
  Ticks now_ = 0;
  uint64_t next_sequence_ = 1;
};

}  // namespace vrec
