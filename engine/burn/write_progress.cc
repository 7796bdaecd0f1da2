// WriteProgress (see write_progress.h).
#include "engine/burn/write_progress.h"

#include <string>

namespace dm::burn {
namespace {

// READ BUFFER CAPACITY only after the first full buffer has been sent, and then about once per
// MiB (cdrecord's cadence; Pioneer-based firmware misbehaves when asked earlier, mmc.md §9 #16).
constexpr uint32_t kBufferPollEveryBytes = 1u << 20;

}  // namespace

void WriteProgress::enterPhase(Phase next, Duration estimate) {
  const Duration now = elapsed();
  if (phase_started_) report_.phases.push_back({std::string(phaseName(phase_)), now - phase_start_});
  phase_ = next;
  phase_start_ = now;
  phase_started_ = next != Phase::kDone;
  if (sink_) sink_->onPhase(next, now, estimate);
}

Status WriteProgress::wrote(uint32_t blocks, size_t bytes) {
  ++report_.write_commands;
  blocks_sent_ += blocks;
  report_.blocks_written = blocks_sent_;
  bytes_sent_ += bytes;
  if (bytes_sent_ >= next_poll_ && quirks_.mayPollBuffer(bytes_sent_, bufferBytes())) {
    next_poll_ = bytes_sent_ + kBufferPollEveryBytes;
    DM_TRY(pollBuffer());
  }
  if (!sink_) return Status::Ok();
  BlockProgress p;
  p.at = elapsed();
  p.blocks_done = blocks_sent_;
  p.blocks_total = total_blocks_;
  p.drive_buffer_percent = last_buffer_percent_;
  p.speed_x = averageSpeedX();
  sink_->onBlocks(p);
  return Status::Ok();
}

Status WriteProgress::pollBuffer() {
  DM_ASSIGN_OR_RETURN(mmc::BufferCapacity cap, quirks_.bufferCapacity());
  buffer_length_ = cap.length_bytes;
  last_buffer_percent_ = cap.fillPercent();
  if (report_.min_buffer_percent < 0 || last_buffer_percent_ < report_.min_buffer_percent)
    report_.min_buffer_percent = last_buffer_percent_;
  return Status::Ok();
}

double WriteProgress::averageSpeedX() const {
  const double seconds = std::chrono::duration<double>(drive_.clock().now() - write_began_).count();
  return seconds > 0 ? blocks_sent_ / seconds / blocks_at_1x_ : 0;
}

Duration WriteProgress::atSpeed(uint32_t sectors) const {
  const double x = report_.accepted_speed_x > 0 ? report_.accepted_speed_x : 1.0;
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(sectors / (blocks_at_1x_ * x)));
}

}  // namespace dm::burn
