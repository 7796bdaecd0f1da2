// ProgressPrinter: the burn's progress events shown to people (a cdrecord-style line on stderr,
// redrawn on a terminal, one line per MiB otherwise) or to machines (JSON Lines "progress" and
// "phase" objects). Times are on the transport's clock: virtual seconds on a virtual recorder.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/burn/progress.h"
#include "tools/discmaster/output.h"

namespace dm::cli {

class ProgressPrinter final : public burn::ProgressSink {
 public:
  // `track_blocks`: each track's blocks as written, so the line can show the track being written
  // (empty: one track); `block_bytes`: 2048 for data, 2352 for audio; `blocks_at_1x`: blocks per
  // second at the medium's 1x, which the ETA needs (burn::blocksPerSecondAt1x: 75 on a CD).
  explicit ProgressPrinter(const Output& out, uint32_t block_bytes = 2048, std::vector<uint32_t> track_blocks = {},
                           double blocks_at_1x = 75.0);
  void onPhase(burn::Phase phase, Duration at, Duration estimate) override;
  void onBlocks(const burn::BlockProgress& p) override;
  void onTrack(uint32_t done, uint32_t total) override;

 private:
  const Output& out_;
  bool tty_;
  uint32_t block_bytes_;
  double blocks_at_1x_;
  std::vector<uint32_t> track_blocks_;
  uint32_t track_ = 0;        // index of the track being written
  uint32_t track_first_ = 0;  // disc-wide block count where it starts
  int last_step_ = -1;        // last printed step (see onBlocks)
};

}  // namespace dm::cli
