// ProgressPrinter (see the header).
#include "tools/discmaster/progress_printer.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <string>

namespace dm::cli {
namespace {

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

// Seconds left at the speed measured so far, for the whole disc. speed_x is in the medium's 1x:
// 75 blocks per second on a CD, about 676 on a DVD and 2,195 on a BD.
std::optional<double> etaSeconds(const burn::BlockProgress& p, double blocks_at_1x) {
  if (p.speed_x <= 0 || p.blocks_done > p.blocks_total) return std::nullopt;
  return (p.blocks_total - p.blocks_done) / (p.speed_x * blocks_at_1x);
}

std::string eta(const burn::BlockProgress& p, double blocks_at_1x) {
  const auto s = etaSeconds(p, blocks_at_1x);
  if (!s) return "--:--";
  const auto whole = static_cast<long>(*s + 0.5);
  return fmt::format("{:02d}:{:02d}", whole / 60, whole % 60);
}

}  // namespace

ProgressPrinter::ProgressPrinter(const Output& out, uint32_t block_bytes, std::vector<uint32_t> track_blocks,
                                 double blocks_at_1x)
    : out_(out),
      tty_(isatty(STDERR_FILENO) != 0),
      block_bytes_(block_bytes),
      blocks_at_1x_(blocks_at_1x),
      track_blocks_(std::move(track_blocks)) {}

void ProgressPrinter::onTrack(uint32_t done, uint32_t total) {
  if (done >= total || done >= track_blocks_.size()) return;
  track_first_ = 0;
  for (uint32_t i = 0; i < done; ++i) track_first_ += track_blocks_[i];
  track_ = done;
  if (tty_ && last_step_ >= 0 && !out_.json()) std::fputc('\n', stderr);
  last_step_ = -1;
}

void ProgressPrinter::onPhase(burn::Phase phase, Duration at, Duration estimate) {
  out_.event("phase", seconds(at), {{"phase", burn::phaseName(phase)}, {"estimate_s", std::round(seconds(estimate) * 10) / 10}});
  if (out_.json()) return;
  if (phase == burn::Phase::kFlushing || phase == burn::Phase::kClosing || phase == burn::Phase::kVerifying) {
    if (tty_ && last_step_ >= 0) std::fputc('\n', stderr);
    last_step_ = -1;
    if (phase == burn::Phase::kClosing) std::fprintf(stderr, "Fixating...\n");
  }
}

void ProgressPrinter::onBlocks(const burn::BlockProgress& p) {
  if (p.blocks_total == 0) return;
  // Per track when the tracks are known: cdrecord counts each track's megabytes from zero.
  const bool per_track = p.phase == burn::Phase::kWriting && track_ < track_blocks_.size();
  const uint32_t done = per_track ? p.blocks_done - track_first_ : p.blocks_done;
  const uint32_t all = per_track ? track_blocks_[track_] : p.blocks_total;
  const uint32_t tracks = track_blocks_.empty() ? 1 : static_cast<uint32_t>(track_blocks_.size());
  const bool last = done == all;
  // A terminal line is redrawn every 0.1 %; a log gets a line per MiB written, as cdrecord
  // prints, and JSON a progress object per 1 %.
  const int step = out_.json() ? static_cast<int>(uint64_t{p.blocks_done} * 100 / p.blocks_total)
                   : tty_      ? static_cast<int>(uint64_t{done} * 1000 / all)
                               : static_cast<int>(uint64_t{done} * block_bytes_ >> 20);
  if (step == last_step_ && !last) return;
  last_step_ = step;
  if (out_.json()) {
    out_.event("progress", seconds(p.at),
               {{"phase", burn::phaseName(p.phase)}, {"track", track_ + 1}, {"tracks", tracks}, {"sector", p.blocks_done},
                {"sectors", p.blocks_total}, {"bytes", uint64_t{p.blocks_done} * block_bytes_},
                {"buf_pct", p.drive_buffer_percent < 0 ? Json(nullptr) : Json(p.drive_buffer_percent)},
                {"speed_x", std::round(p.speed_x * 10) / 10},
                {"eta_s", etaSeconds(p, blocks_at_1x_) ? Json(std::round(*etaSeconds(p, blocks_at_1x_) * 10) / 10) : Json(nullptr)}});
    return;
  }
  // The cdrecord prefix, kept exactly so scripts that parse cdrecord output keep working
  // (ecosystem.md §2); there is no host FIFO between the stash and the drive, so no "(fifo …)".
  const std::string buf = p.drive_buffer_percent < 0 ? "   -" : fmt::format("{:3d}%", p.drive_buffer_percent);
  const uint64_t done_mb = uint64_t{done} * block_bytes_ >> 20;
  const uint64_t total_mb = uint64_t{all} * block_bytes_ >> 20;
  const std::string line =
      p.phase == burn::Phase::kVerifying
          ? fmt::format("Verifying: {:4d} of {:4d} MB read back and compared.", done_mb, total_mb)
          : fmt::format("Track {:02d}: {:4d} of {:4d} MB written [buf {}] {:5.1f}x. ETA {}", track_ + 1, done_mb, total_mb,
                        buf, p.speed_x, eta(p, blocks_at_1x_));
  if (tty_) {
    std::fprintf(stderr, "\r%s", line.c_str());
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
}

}  // namespace dm::cli
