// Progress of a burn as events: the phases (IMAPI's PreparingBurn → BlockProgress → ClosingDisc →
// BurnComplete), block counts and buffer levels. The engine only fills these structs; the CLI, the
// JSON writer and reports format them. queryCancel() is polled between writes.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/base/status.h"
#include "engine/transport/clock.h"

namespace dm::burn {

enum class Phase : uint8_t { kPreparing, kWriting, kFlushing, kClosing, kVerifying, kDone };
std::string_view phaseName(Phase p);

struct BlockProgress {
  Phase phase = Phase::kWriting;  // kWriting or kVerifying
  Duration at{};                  // transport clock time since the burn started
  uint32_t blocks_done = 0;
  uint32_t blocks_total = 0;
  int drive_buffer_percent = -1;  // last READ BUFFER CAPACITY answer; -1 before the first
  double speed_x = 0;             // measured over the last interval
};

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void onPhase(Phase /*phase*/, Duration /*at*/, Duration /*estimate*/) {}
  virtual void onBlocks(const BlockProgress& /*progress*/) {}
  // IMAPI's TrackProgress: (0, n) before track 1, (k, n) when track k is done and k+1 begins,
  // (n, n) after the last. Sent for multi-track and audio burns.
  virtual void onTrack(uint32_t /*done*/, uint32_t /*total*/) {}
  virtual void onComplete(const Status& /*status*/) {}
  virtual bool queryCancel() { return false; }
};

}  // namespace dm::burn
