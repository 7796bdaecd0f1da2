// WRITE, SYNCHRONIZE CACHE, CLOSE TRACK/SESSION and RESERVE TRACK with a DVD loaded (mmc.md §2,
// §2.5, §6.1, §6.4). DVD-R records incremental tracks (page 05 write type 0) or one Disc-At-Once
// track announced by RESERVE TRACK (write type 2, closed by SYNCHRONIZE CACHE, no CLOSE needed);
// DVD+R records sequential tracks whatever page 05 says; both end a track with CLOSE TRACK and a
// session with CLOSE SESSION (DVD+R: 010b keeps the disc appendable, 101b/110b finalize; DVD-R:
// 010b closes a border, finalizing unless page 05 allows a next session). A formatted DVD+RW
// takes WRITEs anywhere in its capacity. SYNCHRONIZE CACHE only drains the buffer: a DVD track
// stays open until it is closed. Only DVD-R simulates (Test Write); DVD+ media never do.
// BD takes the same paths (mmc.md §2.5, §6.1): BD-R SRM as DVD+R (001b, 010b, finalize 110b; no
// 101b; with Pseudo-Overwrite recorded blocks may be written again), a formatted BD-RE as DVD+RW
// (CLOSE only drains: there is no background format), and neither simulates.
#include <string>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"
#include "emulator/media/disc_geometry.h"
#include "emulator/media/dvd_layout.h"

namespace vrec {
namespace {

constexpr uint8_t kCloseStopFormat = 0x0;      // DVD+RW: quick stop of the background format
constexpr uint8_t kCloseTrack = 0x1;
constexpr uint8_t kCloseSession = 0x2;
constexpr uint8_t kFinalizeMinimalRadius = 0x5;  // DVD+R: libburn's finalize
constexpr uint8_t kFinalize = 0x6;               // DVD+R: growisofs -dvd-compat
constexpr uint8_t kDvdTrackMode = 5;             // data, recorded incrementally (mmc.md §4.1, libburn)

}  // namespace

void Drive::writeDvdBlocks(Command& c, int32_t lba, uint32_t count, uint16_t count_byte) {
  const MediumFamily family = medium_.family();
  if (!profile_.writesDvd() || (medium_.isBd() && !profile_.writesBd())) {
    failAt(c, kSenseIncompatibleMedium, lba);  // a CD recorder cannot write a DVD, nor a DVD one a BD
    return;
  }
  if (write_params_.test_write && family != MediumFamily::kDvdMinusR) {
    // mmc.md §4.1: no simulation on DVD+ or BD media; refusing keeps a burner from believing it
    // simulated.
    failAt(c, kSenseIllegalModeForTrack, lba);
    return;
  }
  if (c.data.size() != static_cast<size_t>(count) * kDvdBlockBytes) {
    failField(c, kSenseInvalidFieldInCdb, count_byte);  // DVD blocks are 2048 bytes
    return;
  }
  if (overwriteMediumLoaded()) {
    if (!medium_.isFormatted()) {
      failAt(c, kSenseMediumNotFormatted, lba);  // mmc.md §6.4: FORMAT UNIT 26h (BD-RE 30h) comes first
      return;
    }
    if (lba < 0 || static_cast<int64_t>(lba) + count > static_cast<int64_t>(medium_.capacitySectors())) {
      failAt(c, kSenseLbaOutOfRange, lba);
      return;
    }
    // The head follows the host: a write elsewhere first seeks (not charged, mmc.md §7 seek).
    if (random_write_end_ != lba && buffer_.empty()) random_write_end_ = lba;
    feedHead(c, medium_, count, lba);
    if (!c.failure) random_write_end_ = lba + static_cast<int32_t>(count);
    return;
  }

  const bool simulate = testWriteInEffect();
  const Medium& target = simulate && simulation_ ? *simulation_ : medium_;
  if (target.status() == DiscStatus::kComplete) {
    failAt(c, kSenseWriteProtected, lba);
    return;
  }
  if (streaming_error_lba_) {
    failAt(c, kSenseLossOfStreaming, *streaming_error_lba_);  // mmc.md §8.2, as on CD
    streaming_error_lba_.reset();
    return;
  }
  const Track* open = target.openTrack();
  if (open != nullptr && open->damaged) {
    failAt(c, kSenseCommandSequenceError, lba);
    return;
  }
  // DVD-R Disc-At-Once writes only into the track RESERVE TRACK announced (mmc.md §6.1).
  if (family == MediumFamily::kDvdMinusR && write_params_.write_type == kWriteTypeSao && !reserved_sectors_) {
    failAt(c, kSenseCommandSequenceError, lba);
    return;
  }
  const int32_t nwa = target.nextWritableLba();
  if (target.pseudoOverwrite() && lba >= 0 && lba < nwa) {
    // BD-R formatted SRM+POW (feature 0038h): recorded blocks below the NWA may be written again;
    // the drive remaps them, the tracks stay as they are. A write may not run past the NWA.
    if (static_cast<int64_t>(lba) + count > nwa) {
      failAt(c, kSenseInvalidAddressForWrite, lba);
      return;
    }
    if (random_write_end_ != lba && buffer_.empty()) random_write_end_ = lba;
    feedHead(c, recording(), count, lba);
    if (!c.failure) random_write_end_ = lba + static_cast<int32_t>(count);
    return;
  }
  if (lba != nwa) {
    failAt(c, kSenseInvalidAddressForWrite, lba);  // sequential media: WRITE at the NWA
    return;
  }
  if (static_cast<int64_t>(lba) + count > static_cast<int64_t>(target.capacitySectors())) {
    failAt(c, kSenseEndOfUserArea, lba);
    return;
  }
  if (reserved_sectors_ && open != nullptr &&
      static_cast<int64_t>(lba) + count > static_cast<int64_t>(open->start_lba) + *reserved_sectors_) {
    failAt(c, kSenseEndOfUserArea, lba);
    return;
  }
  if (open == nullptr && target.tracks().size() >= kMaxTracks) {
    failAt(c, kSensePmaFull, lba);
    return;
  }
  followTestWrite(c.ready);
  Medium& disc = recording();
  if (disc.openTrack() == nullptr) {
    disc.beginTrack(kDvdTrackMode, static_cast<uint16_t>(kDvdBlockBytes));
    track_head_started_ = false;
    head_paused_ = false;
  }
  random_write_end_.reset();
  feedHead(c, disc, count, std::nullopt);
}

void Drive::synchronizeDvd(Command& c, bool immed) {
  if (streaming_error_lba_) {
    failAt(c, kSenseLossOfStreaming, *streaming_error_lba_);
    streaming_error_lba_.reset();
    return;
  }
  const Track* open = visible().openTrack();
  if (open != nullptr && open->damaged) return;
  Ticks end = c.ready;
  if (dvdDaoPending() && open->recorded_sectors >= *reserved_sectors_) {
    // mmc.md §6.1: DVD-R DAO ends with SYNCHRONIZE CACHE; the drive closes the disc itself.
    end = closeDvdSessionAt(c.ready, false);
    if (simulation_) {
      simulation_.reset();
      trace_.event(end, end, "SIMULATION-END", "reason=session-closed");
    }
  } else {
    end = drainDvd(c.ready);
  }
  if (immed && end > c.ready) {
    setBusy(kSenseLongWriteInProgress, c.ready, end);
  } else {
    c.finished = end;
  }
}

void Drive::closeDvd(Command& c, bool immed, uint8_t function, uint16_t number) {
  if (!requireMedium(c)) return;
  const MediumFamily family = medium_.family();
  Ticks end = c.ready;
  if (family == MediumFamily::kBdRe) {
    // A BD-RE has nothing to close (growisofs sends SYNCHRONIZE CACHE only, mmc.md §6.4); a host
    // that closes anyway gets the buffer written.
    if (function != kCloseTrack && function != kCloseSession) {
      failField(c, kSenseInvalidFieldInCdb, 2, 2);
      return;
    }
    if (!medium_.isFormatted()) {
      fail(c, kSenseMediumNotFormatted);
      return;
    }
    end = drainDvd(c.ready);
  } else if (family == MediumFamily::kDvdPlusRw) {
    // mmc.md §2.5: 000b stops the background format at once, 010b stops it compatibly (lead-out).
    if (function != kCloseStopFormat && function != kCloseSession) {
      failField(c, kSenseInvalidFieldInCdb, 2, 2);
      return;
    }
    if (!medium_.isFormatted()) {
      fail(c, kSenseCommandSequenceError);
      return;
    }
    end = drainDvd(c.ready);
    if (function == kCloseSession && medium_.backgroundFormat() != BackgroundFormat::kComplete) {
      const int32_t written = medium_.tracks().front().userEndLba();
      const int32_t minimum = dvdLbaAtRadiusUm(kDvdMinimumLeadOutRadiusUm);
      const uint32_t sectors = static_cast<uint32_t>(std::max(minimum - written, 0)) + kDvdEccBlockSectors;
      const uint16_t speed = currentWriteSpeedX();
      const Ticks span = headTicks(sectors, speedMilliXAt(speed, written));
      trace_.event(end, addTicks(end, span), "LEAD-OUT",
                   "lba=" + std::to_string(written) + " sectors=" + std::to_string(sectors) + " speed=" +
                       std::to_string(speed) + "x");
      end = addTicks(end, span);
    }
    medium_.setBackgroundFormat(function == kCloseSession ? BackgroundFormat::kComplete : BackgroundFormat::kStopped);
  } else {
    // DVD+R and BD-R keep the disc appendable on 010b; their finalize codes differ (mmc.md §2.5).
    const bool plus = family == MediumFamily::kDvdPlusR || family == MediumFamily::kBdR;
    const bool finalize = (family == MediumFamily::kDvdPlusR && function == kFinalizeMinimalRadius) ||
                          (plus && function == kFinalize);
    const bool known = function == kCloseTrack || function == kCloseSession || finalize;
    if (!known) {
      failField(c, kSenseInvalidFieldInCdb, 2, 2);  // mmc.md §2.5: not a close function of this medium
      return;
    }
    const Medium& disc = visible();
    if (!disc.sessionOpen()) {
      fail(c, kSenseCommandSequenceError);  // nothing recorded that could be closed
      return;
    }
    const Track* open = disc.openTrack();
    if (open != nullptr && open->damaged) {
      fail(c, function == kCloseTrack ? kSenseCommandSequenceError : kSenseIncompleteTrackInSession);
      return;
    }
    if (function == kCloseTrack) {
      const Track* track = disc.track(number);
      if (track == nullptr || track->session != disc.sessions().back().number) {
        failField(c, kSenseInvalidFieldInCdb, 4);
        return;
      }
      if (!track->closed) end = closeDvdTrackAt(c.ready);
    } else {
      // DVD+R 010b keeps the disc appendable; DVD-R's border follows page 05's multisession field.
      const bool allow_next = function == kCloseSession && (plus || write_params_.allowsNextSession());
      end = closeDvdSessionAt(c.ready, allow_next);
      if (simulation_) {
        simulation_.reset();
        trace_.event(end, end, "SIMULATION-END", "reason=session-closed");
      }
    }
  }
  if (immed && end > c.ready) {
    setBusy(kSenseOperationInProgress, c.ready, end);  // mmc.md §2: 02/04/07 until done
  } else {
    c.finished = end;
  }
}

void Drive::reserveDvdTrack(Command& c, uint32_t size) {
  const MediumFamily family = medium_.family();
  const Medium& target = testWriteInEffect() && simulation_ ? *simulation_ : medium_;
  if (overwriteMediumLoaded() || !profile_.writesDvd() || target.status() == DiscStatus::kComplete ||
      target.openTrack() != nullptr || target.tracks().size() >= kMaxTracks) {
    fail(c, kSenseCommandSequenceError);
    return;
  }
  // DVD-R Disc-At-Once reserves the one track of a blank disc (mmc.md §6.1).
  if (family == MediumFamily::kDvdMinusR && write_params_.write_type == kWriteTypeSao && !target.isBlank()) {
    fail(c, kSenseCommandSequenceError);
    return;
  }
  const uint32_t blocks = alignToWriteUnit(family, size);
  if (size == 0 || blocks > target.freeSectors()) {
    failField(c, kSenseInvalidFieldInCdb, 5);
    return;
  }
  followTestWrite(c.ready);
  Track& track = recording().beginTrack(kDvdTrackMode, static_cast<uint16_t>(kDvdBlockBytes));
  track_head_started_ = false;
  head_paused_ = false;
  random_write_end_.reset();
  reserved_sectors_ = blocks;
  trace_.event(c.ready, c.ready, "RESERVE",
               "track=" + std::to_string(track.number) + " lba=" + std::to_string(track.start_lba) +
                   " sectors=" + std::to_string(blocks));
}

}  // namespace vrec
