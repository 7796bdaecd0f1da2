// The DVD and BD write head: the same buffer, drain and underrun model as CD (drive_write_head.cc),
// with DVD or BD geometry (media/disc_geometry.h). Before user data there is only OPC (no lead-in,
// no pregap: a DVD±R or BD-R track starts at its NWA); ending a track pads it to a whole write unit
// (mmc.md §1.6: a 16-block ECC block, a 32-block BD cluster), never adds run-out; closing a session
// writes its closure zone (DVD+R) or border-out (DVD-R), finalizing writes the lead-out out to the
// minimum radius (mmc.md §7). A BD-R session closes in the disc's management area instead, a fixed
// time. Every duration is blocks at DVD 1× = 1,385,000 or BD 1× = 4,495,500 bytes/s (dvd_speed.h,
// bd_speed.h), so the schedule stays integer ticks.
#include <algorithm>
#include <string>

#include "emulator/drive/drive.h"
#include "emulator/drive/bd_speed.h"
#include "emulator/drive/dvd_speed.h"
#include "emulator/media/disc_geometry.h"

namespace vrec {
namespace {

std::string speedText(uint16_t speed_x) { return " speed=" + std::to_string(speed_x) + "x"; }

// mmc.md §7: a BD-R close session or finalize takes "seconds to ~1 min" (unverified): the drive
// writes the session's TDMS update (close) or the final DMA copies (finalize). Modelled as 3 s and
// 20 s.
constexpr Ticks kBdCloseSessionDuration = 3 * kTicksPerSecond;
constexpr Ticks kBdFinalizeDuration = 20 * kTicksPerSecond;

}  // namespace

uint32_t Drive::speedKbps(uint16_t speed_x) const {
  if (bdLoaded()) return bdSpeedKbps(speed_x);
  return dvdLoaded() ? dvdSpeedKbps(speed_x) : cdSpeedKbps(speed_x);
}

Ticks Drive::headTicks(uint64_t sectors, uint32_t milli_x) const {
  if (bdLoaded()) return ticksForBdSectorsMilli(sectors, milli_x);
  return dvdLoaded() ? ticksForDvdSectorsMilli(sectors, milli_x) : ticksForSectorsMilli(sectors, milli_x);
}

void Drive::startDvdHead(Ticks at) {
  const Track* open = visible().openTrack();
  if (open == nullptr && !random_write_end_) return;
  head_speed_x_ = currentWriteSpeedX();
  Ticks t = at;
  const int32_t lba = headLba(at);
  if (head_paused_) {
    // mmc.md §8.2: DVD+R/+RW link losslessly; DVD-R with BUFE relinks where it stopped.
    ++relinks_;
    head_paused_ = false;
    trace_.event(t, t, "RELINK", "lba=" + std::to_string(lba) + speedText(head_speed_x_));
  } else if (!opc_done_) {
    // mmc.md §6.1/§7: laser power calibration before the first write of a session.
    trace_.event(t, addTicks(t, profile_.opc_duration), "OPC",
                 "session=" + std::to_string(visible().nextSessionNumber()) + speedText(head_speed_x_));
    t = addTicks(t, profile_.opc_duration);
    opc_done_ = true;
  }
  track_head_started_ = true;
  head_milli_x_ = speedMilliXAt(head_speed_x_, lba);
  buffer_.startDrain(t, headBytesPerSecond());
  armHead();
}

Ticks Drive::drainDvd(Ticks at) {
  if (visible().openTrack() == nullptr && !random_write_end_) return at;
  Ticks t = at;
  if (!buffer_.empty()) {
    if (!buffer_.draining()) startHead(at);
    t = std::max(at, buffer_.emptyTime());
  }
  endHeadRun(t);
  return t;
}

void Drive::endHeadRun(Ticks t) {
  flushing_ = true;
  armHead();  // draining on purpose: no underrun check
  scheduler_.cancel(flush_event_);
  flush_event_ = scheduler_.schedule(t, [this] {
    flush_event_ = {};
    buffer_.stopEmpty();
    flushing_ = false;
    track_head_started_ = false;
    head_paused_ = false;
  });
}

Ticks Drive::closeDvdTrackAt(Ticks at) {
  const Track* open = visible().openTrack();
  if (open == nullptr) return at;
  const uint16_t number = open->number;
  Ticks t = drainDvd(at);
  if (head_speed_x_ == 0) head_speed_x_ = currentWriteSpeedX();
  const uint32_t padding = recording().closeDvdTrack(reserved_sectors_);
  reserved_sectors_.reset();
  const Track& closed = *visible().track(number);
  if (padding > 0) {
    // mmc.md §1.6: the drive pads a partial ECC block or cluster (or the rest of a reservation).
    const int32_t from = closed.userEndLba() - static_cast<int32_t>(padding);
    const Ticks pad = headTicks(padding, speedMilliXAt(head_speed_x_, from));
    trace_.event(t, addTicks(t, pad), "PAD",
                 "track=" + std::to_string(number) + " lba=" + std::to_string(from) + " sectors=" + std::to_string(padding));
    t = addTicks(t, pad);
  }
  trace_.event(t, t, "TRACK-CLOSED",
               "track=" + std::to_string(number) + " lba=" + std::to_string(closed.start_lba) +
                   " sectors=" + std::to_string(closed.recorded_sectors));
  endHeadRun(t);
  return t;
}

Ticks Drive::closeDvdSessionAt(Ticks at, bool allow_next) {
  Ticks t = visible().openTrack() != nullptr ? closeDvdTrackAt(at) : at;
  Medium& disc = recording();
  const uint16_t session = disc.sessions().back().number;
  disc.closeSession(allow_next);
  const int32_t end = disc.sessions().back().lead_out_lba;
  const uint16_t speed = currentWriteSpeedX();
  const bool final_close = disc.status() == DiscStatus::kComplete;
  if (disc.isBd()) {
    const Ticks span = final_close ? kBdFinalizeDuration : kBdCloseSessionDuration;
    trace_.event(t, addTicks(t, span), final_close ? "FINALIZE" : "CLOSURE",
                 "session=" + std::to_string(session) + " lba=" + std::to_string(end));
    opc_done_ = false;
    return addTicks(t, span);
  }
  // A closure or border-out spans the gap to the next session; the final lead-out reaches the
  // minimum radius (mmc.md §7: small discs take longest).
  const uint32_t gap = sessionGapSectors(disc.family());
  const int32_t minimum_end = dvdLbaAtRadiusUm(kDvdMinimumLeadOutRadiusUm);
  const uint32_t sectors =
      final_close ? std::max<uint32_t>(gap, static_cast<uint32_t>(std::max(minimum_end - end, 0))) : gap;
  const Ticks span = headTicks(sectors, speedMilliXAt(speed, end));
  const char* what = final_close ? "LEAD-OUT" : disc.family() == MediumFamily::kDvdMinusR ? "BORDER-OUT" : "CLOSURE";
  trace_.event(t, addTicks(t, span), what,
               "session=" + std::to_string(session) + " lba=" + std::to_string(end) + " sectors=" + std::to_string(sectors) +
                   speedText(speed));
  opc_done_ = false;  // the next session calibrates again
  return addTicks(t, span);
}

bool Drive::dvdDaoPending() const {
  const Track* open = visible().openTrack();
  return open != nullptr && reserved_sectors_ && write_params_.write_type == kWriteTypeSao &&
         medium_.family() == MediumFamily::kDvdMinusR;
}

}  // namespace vrec
