// WriteProgress: the bookkeeping every burn keeps while it runs, whatever the write type — the
// phases and how long each took (the sink's onPhase), the blocks sent with speed and drive buffer
// level (the sink's onBlocks), READ BUFFER CAPACITY once per MiB after the first full buffer (as
// cdrecord polls; a quirk check decides whether the drive may be asked), and the time estimates
// IMAPI's callbacks carry. All on the transport's clock.
#pragma once

#include <cstdint>

#include "engine/burn/burn_report.h"
#include "engine/burn/progress.h"
#include "engine/burn/quirk_workarounds.h"
#include "engine/mmc/drive.h"

namespace dm::burn {

class WriteProgress {
 public:
  WriteProgress(mmc::Drive& drive, ProgressSink* sink, BurnReport& report, QuirkHandler& quirks)
      : drive_(drive), sink_(sink), report_(report), quirks_(quirks), began_(drive.clock().now()) {}

  Duration began() const { return began_; }
  Duration elapsed() const { return drive_.clock().now() - began_; }
  Phase phase() const { return phase_; }
  // Records how long the phase before took, and tells the sink.
  void enterPhase(Phase next, Duration estimate);

  void setTotalBlocks(uint32_t blocks) { total_blocks_ = blocks; }
  // Blocks per second at the medium's 1x: 75 on CD (the default), 1,385,000 / 2,048 on DVD.
  void setBlocksPerSecondAt1x(double blocks) { blocks_at_1x_ = blocks; }
  uint32_t totalBlocks() const { return total_blocks_; }
  uint32_t blocksSent() const { return blocks_sent_; }
  void startWriting() { write_began_ = drive_.clock().now(); }
  // One WRITE of `blocks` blocks (`bytes` bytes) went out: counted in the report, the buffer
  // polled when due, the sink told.
  Status wrote(uint32_t blocks, size_t bytes);
  // Blocks per second since writing began, in multiples of the medium's 1×.
  double averageSpeedX() const;
  // The writing at the accepted speed, and `sectors` of lead-in/lead-out at it.
  Duration writeEstimate() const { return atSpeed(total_blocks_); }
  Duration closeEstimate(uint32_t sectors) const { return atSpeed(sectors); }

 private:
  Status pollBuffer();
  uint64_t bufferBytes() const { return buffer_length_ ? buffer_length_ : (2u << 20); }
  Duration atSpeed(uint32_t sectors) const;

  mmc::Drive& drive_;
  ProgressSink* sink_;
  BurnReport& report_;
  QuirkHandler& quirks_;
  Duration began_;
  Duration write_began_{};
  Phase phase_ = Phase::kPreparing;
  Duration phase_start_{};
  bool phase_started_ = false;
  uint32_t total_blocks_ = 0, blocks_sent_ = 0;
  double blocks_at_1x_ = 75.0;
  uint64_t bytes_sent_ = 0, next_poll_ = 0;
  uint32_t buffer_length_ = 0;
  int last_buffer_percent_ = -1;
};

}  // namespace dm::burn
