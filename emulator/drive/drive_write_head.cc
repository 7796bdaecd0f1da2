// The write head: when it starts (buffer full, no room for a WRITE, or a flush), what it writes
// before user data (OPC once per session, the TAO pregap), how it drains the buffer, what happens
// when the buffer runs dry (underrun: pause and relink with BUFE, a ruined track without), and the
// timed phases of ending a track (padding, run-out) and a session (lead-in, lead-out).
// Every duration is sectors at the current speed (mmc.md §1.2: 75 sectors/s at 1×) or a profile
// time, so the whole schedule is integer ticks; what happens later without a command (the flush
// reaching the track end, the head running dry) is an event on the drive's Scheduler. How fast
// the head runs at a given LBA (CAV, P-CAV, Z-CLV) is drive_speed.cc.
#include <string>

#include <algorithm>

#include "emulator/drive/drive.h"
#include "emulator/drive/bd_speed.h"
#include "emulator/drive/dvd_speed.h"
#include "emulator/sim/rate.h"

namespace vrec {
namespace {

std::string trackAt(uint16_t track, int32_t lba) {
  return "track=" + std::to_string(track) + " lba=" + std::to_string(lba);
}

}  // namespace

uint64_t Drive::headBytesPerSecond() const {
  if (bdLoaded()) return bdDrainBytesPerSecondMilli(head_milli_x_);
  if (dvdLoaded()) return dvdDrainBytesPerSecondMilli(head_milli_x_);
  const Track* open = visible().openTrack();
  const uint64_t block = open != nullptr ? open->block_bytes : write_params_.blockBytes();
  return drainBytesPerSecondMilli(head_milli_x_, static_cast<uint32_t>(block));
}

// mmc.md §8.2: DVD+R/+RW link losslessly at ECC block boundaries by format, no bit needed; BD
// links at cluster boundaries alike.
bool Drive::protectionActive() const {
  return noSimulationMediumLoaded() || (profile_.underrun_protection && write_params_.bufe);
}

void Drive::armHead() {
  scheduler_.cancel(dry_event_);
  dry_event_ = {};
  if (!buffer_.draining() || flushing_) return;
  // The head finds the buffer empty one tick after its last byte is written: data that arrives at
  // exactly that last tick is in time (the check is "empty before the data arrived").
  dry_event_ = scheduler_.schedule(addTicks(buffer_.emptyTime(), 1), [this] {
    dry_event_ = {};
    underrun(buffer_.emptyTime());
  });
}

void Drive::startHead(Ticks at) {
  if (dvdLoaded()) {
    startDvdHead(at);
    return;
  }
  const Track* open = visible().openTrack();
  // A raw session has no track on the disc until it closes: the host writes lead-in, pregaps and
  // lead-out itself, so the head writes nothing of its own before the host's blocks.
  if (open == nullptr && !raw_) return;
  head_speed_x_ = currentWriteSpeedX();
  const std::string speed = " speed=" + std::to_string(head_speed_x_) + "x";
  Ticks t = at;
  if (head_paused_) {
    // mmc.md §8.2: BURN-Proof class drives resume exactly where the laser stopped ("relink").
    const int32_t lba = headLba(at);
    head_milli_x_ = speedMilliXAt(head_speed_x_, lba);
    ++relinks_;
    head_paused_ = false;
    trace_.event(t, t, "RELINK", trackAt(open != nullptr ? open->number : 0, lba) + speed);
  } else {
    if (!opc_done_) {
      // mmc.md §6.1/§7: the drive calibrates laser power before the first write of a session.
      const uint16_t session = open != nullptr ? open->session : visible().nextSessionNumber();
      trace_.event(t, addTicks(t, profile_.opc_duration), "OPC", "session=" + std::to_string(session) + speed);
      t = addTicks(t, profile_.opc_duration);
      opc_done_ = true;
    }
    if (raw_) track_head_started_ = true;
    if (!track_head_started_ && open->session_at_once) {
      // mmc.md §1.3, §6.1: in SAO the drive writes the lead-in (with the TOC of the cue sheet)
      // before the first pregap; the pregaps themselves are host data.
      const Session& session = visible().sessions().back();
      const Ticks lead_in = ticksForSectorsMilli(kLeadInSectors, speedMilliXAt(head_speed_x_, session.lead_in_lba));
      trace_.event(t, addTicks(t, lead_in), "LEAD-IN",
                   "session=" + std::to_string(session.number) + " lba=" + std::to_string(session.lead_in_lba) +
                       " sectors=" + std::to_string(kLeadInSectors) + speed);
      t = addTicks(t, lead_in);
      track_head_started_ = true;
    }
    if (!track_head_started_) {
      // mmc.md §1.3: a TAO track begins with link, run-in and pregap blocks before index 1.
      const int32_t pregap_lba = open->start_lba - static_cast<int32_t>(kTaoPregapSectors);
      const Ticks pregap = ticksForSectorsMilli(kTaoPregapSectors, speedMilliXAt(head_speed_x_, pregap_lba));
      trace_.event(t, addTicks(t, pregap), "PREGAP",
                   trackAt(open->number, pregap_lba) +
                       " sectors=" + std::to_string(kTaoPregapSectors) + speed);
      t = addTicks(t, pregap);
      track_head_started_ = true;
    }
    head_milli_x_ = speedMilliXAt(head_speed_x_, headLba(at));
  }
  buffer_.startDrain(t, headBytesPerSecond());
  armHead();
}

void Drive::underrun(Ticks at) {
  const Track* open = visible().openTrack();
  const int32_t lba = open != nullptr ? open->userEndLba() : raw_ ? raw_->nextLba() : 0;
  const uint16_t number = open != nullptr ? open->number : 0;
  ++underruns_;
  buffer_.stopEmpty();
  armHead();
  if (protectionActive()) {
    // mmc.md §8.2: with BUFE the drive stops the laser and waits for data to relink.
    head_paused_ = true;
    trace_.event(at, at, "UNDERRUN", trackAt(number, lba) + " bufe=1 action=pause");
    return;
  }
  // mmc.md §8.2: without protection the track is lost; the next WRITE or SYNCHRONIZE CACHE
  // reports 03/0C/09, later writes 05/2C/00.
  streaming_error_lba_ = lba;
  recording().markOpenTrackDamaged();
  if (raw_) {
    raw_->markDamaged();
    recording().ruinRawSession();
  }
  trace_.event(at, at, "UNDERRUN", trackAt(number, lba) + " bufe=0 action=abort");
}

Ticks Drive::flushTrack(Ticks at) {
  const Track* open = visible().openTrack();
  if (open == nullptr) return at;
  Ticks t = at;
  if (!buffer_.empty() || !track_head_started_) {
    if (!buffer_.draining()) startHead(at);
    t = std::max(at, buffer_.emptyTime());
  }
  if (head_speed_x_ == 0) head_speed_x_ = currentWriteSpeedX();
  const uint16_t number = open->number;
  // A reserved track (RESERVE TRACK) is padded to its reserved size, others to 4 s.
  const uint32_t padding = recording().closeTrack(reserved_sectors_.value_or(kMinTrackSectors));
  reserved_sectors_.reset();
  const Track& closed = *visible().track(number);
  const uint32_t end_milli_x = speedMilliXAt(head_speed_x_, closed.userEndLba());
  if (padding > 0) {
    // mmc.md §1.2: a track shorter than 4 s is padded by the drive.
    const Ticks pad = ticksForSectorsMilli(padding, end_milli_x);
    trace_.event(t, addTicks(t, pad), "PAD",
                 trackAt(number, closed.userEndLba() - static_cast<int32_t>(padding)) +
                     " sectors=" + std::to_string(padding));
    t = addTicks(t, pad);
  }
  // mmc.md §1.3: two run-out blocks end every TAO track.
  const Ticks run_out = ticksForSectorsMilli(kTaoRunOutSectors, end_milli_x);
  trace_.event(t, addTicks(t, run_out), "RUN-OUT",
               trackAt(number, closed.userEndLba()) + " sectors=" + std::to_string(kTaoRunOutSectors));
  t = addTicks(t, run_out);
  flushing_ = true;
  armHead();  // draining to the end of the track on purpose: no underrun check
  scheduler_.cancel(flush_event_);
  flush_event_ = scheduler_.schedule(t, [this] {
    flush_event_ = {};
    buffer_.stopEmpty();
    flushing_ = false;
    track_head_started_ = false;
    head_paused_ = false;
  });
  return t;
}

Ticks Drive::fixateSession(Ticks at) {
  Medium& disc = recording();
  const uint16_t session = disc.sessions().back().number;
  const int32_t lead_in_lba = disc.sessions().back().lead_in_lba;
  disc.closeSession(write_params_.allowsNextSession());
  // Page 05 MCVAL: the catalog number is recorded with the session (mmc.md §4.1).
  const std::string mcn = write_params_.catalogNumber();
  if (!mcn.empty()) disc.setCatalogNumber(mcn);
  const int32_t lead_out_lba = disc.sessions().back().lead_out_lba;
  const uint16_t speed = currentWriteSpeedX();
  // mmc.md §1.3/§7: CLOSE SESSION writes the lead-in (with the TOC) and the lead-out: 4,500 +
  // 6,750 sectors for the first session, 4,500 + 2,250 for later ones, at the write speed there:
  // a CAV drive writes the lead-in at its inner-radius speed (≈ 20×, mmc.md §7).
  const uint32_t lead_out_sectors = session == 1 ? kFirstLeadOutSectors : kLaterLeadOutSectors;
  const Ticks lead_in_end = addTicks(at, ticksForSectorsMilli(kLeadInSectors, speedMilliXAt(speed, lead_in_lba)));
  const Ticks lead_out_end =
      addTicks(lead_in_end, ticksForSectorsMilli(lead_out_sectors, speedMilliXAt(speed, lead_out_lba)));
  const std::string speed_text = " speed=" + std::to_string(speed) + "x";
  trace_.event(at, lead_in_end, "LEAD-IN",
               "session=" + std::to_string(session) + " lba=" + std::to_string(lead_in_lba) +
                   " sectors=" + std::to_string(kLeadInSectors) + speed_text);
  trace_.event(lead_in_end, lead_out_end, "LEAD-OUT",
               "session=" + std::to_string(session) + " lba=" + std::to_string(lead_out_lba) +
                   " sectors=" + std::to_string(lead_out_sectors) + speed_text);
  opc_done_ = false;  // the next session calibrates again
  return lead_out_end;
}

Ticks Drive::finishSessionAtOnce(Ticks at) {
  Ticks t = at;
  if (!buffer_.empty() || !track_head_started_) {
    if (!buffer_.draining()) startHead(at);
    t = std::max(at, buffer_.emptyTime());
  }
  if (head_speed_x_ == 0) head_speed_x_ = currentWriteSpeedX();
  Medium& disc = recording();
  const uint16_t session = disc.sessions().back().number;
  const int32_t lead_out_lba = cue_sheet_->lead_out_lba;
  // mmc.md §1.3/§7: the lead-out follows the last track at once, 6,750 sectors after the first
  // session and 2,250 after later ones.
  const uint32_t lead_out_sectors = session == 1 ? kFirstLeadOutSectors : kLaterLeadOutSectors;
  const Ticks lead_out = ticksForSectorsMilli(lead_out_sectors, speedMilliXAt(head_speed_x_, lead_out_lba));
  trace_.event(t, addTicks(t, lead_out), "LEAD-OUT",
               "session=" + std::to_string(session) + " lba=" + std::to_string(lead_out_lba) +
                   " sectors=" + std::to_string(lead_out_sectors) + " speed=" + std::to_string(head_speed_x_) + "x");
  t = addTicks(t, lead_out);
  disc.closeSessionAtOnce(write_params_.allowsNextSession(), cue_sheet_->mcn, cue_text_packs_);
  dropCueSheet();
  flushing_ = true;
  armHead();  // draining to the end of the session on purpose: no underrun check
  scheduler_.cancel(flush_event_);
  flush_event_ = scheduler_.schedule(t, [this] {
    flush_event_ = {};
    buffer_.stopEmpty();
    flushing_ = false;
    track_head_started_ = false;
    head_paused_ = false;
  });
  opc_done_ = false;  // the next session calibrates again
  return t;
}

void Drive::resetWriteHead() {
  buffer_.stopEmpty();
  head_speed_x_ = 0;
  head_milli_x_ = 0;
  opc_done_ = false;
  track_head_started_ = false;
  head_paused_ = false;
  flushing_ = false;
  streaming_error_lba_.reset();
  reserved_sectors_.reset();  // a reservation belongs to the track being recorded
  scheduler_.cancel(flush_event_);
  flush_event_ = {};
  armHead();
}

}  // namespace vrec
