// WRITE(10)/(12), SYNCHRONIZE CACHE and CLOSE TRACK/SESSION: recording a TAO track into the buffer at
// the next writable address, flushing it (which ends the track, as CD TAO drives do: libburn and
// cdrecord never send CLOSE TRACK for CD, mmc.md §6.1), and fixating the session. In a test write
// the same schedule runs on a scratch copy of the disc that is dropped at the end, so the medium
// stays blank (mmc.md §4.1 Test Write).
#include <string>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"
#include "emulator/sim/rate.h"

namespace vrec {
namespace {

constexpr uint8_t kCloseTrack = 0x1;    // mmc.md §2.5: 001b
constexpr uint8_t kCloseSession = 0x2;  // mmc.md §2.5: 010b

}  // namespace

void Drive::handleWrite10(Command& c) { writeBlocks(c, lbaFromWire(be32(c.cdb, 2)), be16(c.cdb, 7), 7); }

// mmc.md §2: WRITE(12) AAh carries a 4-byte transfer length in bytes 6-9; the Streaming bit
// (byte 10 bit 7) only matters for DVD-RAM/BD-RE defect management and is ignored on CD.
void Drive::handleWrite12(Command& c) { writeBlocks(c, lbaFromWire(be32(c.cdb, 2)), be32(c.cdb, 6), 6); }

void Drive::writeBlocks(Command& c, int32_t lba, uint32_t count, uint16_t count_byte) {
  c.params = "lba=" + std::to_string(lba) + " n=" + std::to_string(count);
  if (!requireMedium(c)) return;
  if (count == 0) return;  // SBC WRITE(10): a transfer length of 0 writes nothing and is no error
  if (dvdLoaded()) {
    writeDvdBlocks(c, lba, count, count_byte);
    return;
  }

  // The disc this write would go to: the simulation's, once a test write has begun.
  const bool simulate = testWriteInEffect();
  const Medium& target = simulate && simulation_ ? *simulation_ : medium_;
  if (target.status() == DiscStatus::kComplete) {
    failAt(c, kSenseWriteProtected, lba);  // mmc.md §5.2: a finalized disc takes no more data
    return;
  }
  if (streaming_error_lba_) {
    // mmc.md §8.2: the underrun is reported on the next WRITE (deferred), then the track is dead.
    failAt(c, kSenseLossOfStreaming, *streaming_error_lba_);
    streaming_error_lba_.reset();
    return;
  }
  const Track* open = target.openTrack();
  if (open != nullptr && open->damaged) {
    failAt(c, kSenseCommandSequenceError, lba);
    return;
  }
  if (write_params_.write_type == kWriteTypeRaw) {
    writeRaw(c, lba, count);
    return;
  }
  if (write_params_.write_type == kWriteTypeSao && cue_sheet_) {
    writeAtOnce(c, lba, count, count_byte);
    return;
  }
  if (write_params_.write_type != kWriteTypeTao || (open != nullptr && open->session_at_once)) {
    failAt(c, kSenseCommandSequenceError, lba);  // SAO: no cue sheet has been sent (mmc.md §5.2)
    return;
  }
  const uint16_t block = write_params_.blockBytes();
  if (c.data.size() != static_cast<size_t>(count) * block) {
    failField(c, kSenseInvalidFieldInCdb, count_byte);  // the host's data is not count × block size
    return;
  }
  if (open != nullptr && (open->block_bytes != block || open->control != (write_params_.track_mode & 0x0F))) {
    failAt(c, kSenseIllegalModeForTrack, lba);  // page 05 changed under an open track
    return;
  }
  if (open == nullptr && target.tracks().size() >= kMaxTracks) {
    failAt(c, kSensePmaFull, lba);
    return;
  }
  if (lba != target.nextWritableLba()) {
    failAt(c, kSenseInvalidAddressForWrite, lba);  // mmc.md §2 WRITE(10): TAO writes at the NWA
    return;
  }
  if (static_cast<int64_t>(lba) + count > static_cast<int64_t>(target.capacitySectors())) {
    failAt(c, kSenseEndOfUserArea, lba);
    return;
  }
  if (reserved_sectors_ && open != nullptr &&
      static_cast<int64_t>(lba) + count > static_cast<int64_t>(open->start_lba) + *reserved_sectors_) {
    failAt(c, kSenseEndOfUserArea, lba);  // RESERVE TRACK fixed this track's size
    return;
  }

  followTestWrite(c.ready);
  Medium& disc = recording();
  if (disc.openTrack() == nullptr) {
    // Page 05 TCVAL: the track's ISRC goes into its Q sub-channel (mmc.md §4.1).
    disc.beginTrack(write_params_.track_mode, block).isrc = write_params_.trackIsrc();
    track_head_started_ = false;
    head_paused_ = false;
  }

  feedHead(c, disc, count, std::nullopt);
}

std::optional<Ticks> Drive::admitToBuffer(Command& c, const BufferAdmission& a) {
  // mmc.md §8.1: the head's speed follows the radius (CAV, P-CAV) or the zone (Z-CLV); it is
  // re-evaluated once per command, the granularity of the model.
  followSpeed(c.ready);
  if (a.show_head_speed && buffer_.draining() && c.ready >= buffer_.drainStart()) {
    c.params += " head=" + std::to_string(head_milli_x_ / 1000) + "." + std::to_string(head_milli_x_ % 1000 / 100) +
                std::to_string(head_milli_x_ % 100 / 10) + std::to_string(head_milli_x_ % 10) + "x";
  }
  // The command holds until the buffer has room; a buffer that cannot take the data starts the
  // head (mmc.md §7 WRITE(10): "when full the drive holds the command").
  std::optional<Ticks> room = buffer_.roomTime(c.ready, a.buffered_bytes);
  if (!room) {
    startHead(c.ready);
    room = buffer_.roomTime(c.ready, a.buffered_bytes);
  }
  if (a.busy_when_full && room && *room > c.ready && profile_.quirks.has(Quirk::kWriteBusyWhenBufferFull)) {
    fail(c, kSenseLongWriteInProgress);  // mmc.md §9 #17: refused instead of held until there is room
    return std::nullopt;
  }
  const Ticks done = addTicks(room.value_or(c.ready), transferTicks(a.transfer_bytes));
  // The drive works on while the data crosses the interface: if the head runs dry before the last
  // byte arrives, the underrun event fires here.
  scheduler_.runUntil(done);
  if (streaming_error_lba_) {
    failAt(c, kSenseLossOfStreaming, *streaming_error_lba_);
    streaming_error_lba_.reset();
    c.finished = done;
    return std::nullopt;
  }
  buffer_.feed(a.buffered_bytes);
  armHead();
  return done;
}

void Drive::feedHead(Command& c, Medium& disc, uint32_t count, std::optional<int32_t> overwrite_lba) {
  BufferAdmission admission;
  admission.transfer_bytes = admission.buffered_bytes = c.data.size();
  admission.show_head_speed = true;
  admission.busy_when_full = true;
  const std::optional<Ticks> admitted = admitToBuffer(c, admission);
  if (!admitted) return;
  const Ticks done = *admitted;
  const std::span<const uint8_t> data = simulation_ ? std::span<const uint8_t>() : std::span<const uint8_t>(c.data);
  if (overwrite_lba) {
    disc.overwrite(*overwrite_lba, count, data);
  } else {
    disc.recordBlocks(count, data);
  }
  c.transferred = c.data.size();
  c.finished = done;
  // The drive starts writing once its buffer is full (or, after a protected underrun, relinks).
  if (!buffer_.draining() && buffer_.levelAt(done) >= buffer_.capacityBytes()) startHead(done);
}

void Drive::followTestWrite(Ticks at) {
  // Apply. A test write records on a scratch copy; a real write ends any simulation.
  const bool simulate = testWriteInEffect();
  if (simulate && !simulation_) {
    simulation_ = medium_.withoutData();
    trace_.event(at, at, "SIMULATION-BEGIN", "track=" + std::to_string(simulation_->nextTrackNumber()));
  } else if (!simulate && simulation_) {
    simulation_.reset();
    resetWriteHead();
    trace_.event(at, at, "SIMULATION-END", "reason=real-write");
  }
}

void Drive::handleSynchronizeCache(Command& c) {
  const bool immed = (c.cdb[1] & 0x02) != 0;
  c.params = std::string("immed=") + (immed ? "1" : "0");
  if (immed && profile_.quirks.has(Quirk::kImmedAnswersNotReady)) {
    fail(c, kSenseNotReady);  // mmc.md §9 #14: IMMED answered "not ready", nothing done
    return;
  }
  if (!requireMedium(c)) return;
  if (dvdLoaded()) {
    synchronizeDvd(c, immed);
    return;
  }
  if (streaming_error_lba_) {
    failAt(c, kSenseLossOfStreaming, *streaming_error_lba_);  // mmc.md §5.2: reported here too
    streaming_error_lba_.reset();
    return;
  }
  const Track* open = visible().openTrack();
  Ticks end = c.ready;
  if (raw_) {
    // mmc.md §6.2: after the host's lead-out SYNCHRONIZE CACHE ends a raw session; before it the
    // drive keeps what it has and waits for more.
    if (raw_->damaged() || !raw_->leadOutWritten()) return;
    end = finishRawSession(c.ready);
    if (simulation_) {
      simulation_.reset();
      trace_.event(end, end, "SIMULATION-END", "reason=session-closed");
    }
  } else if (open == nullptr || open->damaged) {
    return;  // nothing buffered that could still be written
  } else if (open->session_at_once) {
    // mmc.md §6.1-6.3: after the last block of a cue sheet SYNCHRONIZE CACHE makes the drive write
    // the lead-out and close the session. Before it the drive simply keeps writing what comes.
    if (!sessionAtOnceComplete()) return;
    end = finishSessionAtOnce(c.ready);
    if (simulation_) {
      simulation_.reset();
      trace_.event(end, end, "SIMULATION-END", "reason=session-closed");
    }
  } else {
    end = flushTrack(c.ready);
  }
  if (immed && end > c.ready) {
    // mmc.md §2: with IMMED the drive answers TUR with 02/04/08 until the buffer is written.
    setBusy(kSenseLongWriteInProgress, c.ready, end);
  } else {
    c.finished = end;
  }
}

void Drive::handleCloseTrackSession(Command& c) {
  const bool immed = (c.cdb[1] & 0x01) != 0;
  const uint8_t function = c.cdb[2] & 0x07;
  const uint16_t number = be16(c.cdb, 4);
  c.params = "fn=" + std::to_string(function) + " track=" + std::to_string(number) + " immed=" + (immed ? "1" : "0");
  if (dvdLoaded()) {
    closeDvd(c, immed, function, number);
    return;
  }
  if (function != kCloseTrack && function != kCloseSession) {
    failField(c, kSenseInvalidFieldInCdb, 2, 2);  // only 001b and 010b exist for CD (mmc.md §2.5)
    return;
  }
  if (!requireMedium(c)) return;
  const Medium& disc = visible();
  if (!disc.sessionOpen()) {
    fail(c, kSenseCommandSequenceError);  // nothing recorded that could be closed
    return;
  }
  // mmc.md §9 #10, #38, #19: firmware that refuses a close the standard allows.
  const bool refuse_track = function == kCloseTrack && profile_.quirks.has(Quirk::kCloseTrackRefusedOnCdTao);
  const bool refuse_dummy = function == kCloseSession && write_params_.test_write &&
                            profile_.quirks.has(Quirk::kCloseSessionFailsInTestWrite);
  if (refuse_track || refuse_dummy) {
    fail(c, kSenseCommandSequenceError);
    return;
  }
  if (profile_.quirks.has(Quirk::kCloseFirstAttemptInProgress)) {
    quirk_close_refused_ = !quirk_close_refused_;
    if (quirk_close_refused_) {
      fail(c, kSenseOperationInProgress);
      return;
    }
  }
  const Track* open = disc.openTrack();
  Ticks end = c.ready;
  if (open != nullptr && open->session_at_once) {
    // A session written at once ends with its lead-out once the whole cue sheet is written; hosts
    // that close it explicitly get the same as SYNCHRONIZE CACHE, earlier it is out of sequence.
    if (open->damaged || !sessionAtOnceComplete()) {
      fail(c, kSenseCommandSequenceError);
      return;
    }
    end = finishSessionAtOnce(c.ready);
    if (simulation_) {
      simulation_.reset();
      trace_.event(end, end, "SIMULATION-END", "reason=session-closed");
    }
  } else if (function == kCloseTrack) {
    const Track* track = disc.track(number);
    if (track == nullptr || track->session != disc.sessions().back().number) {
      failField(c, kSenseInvalidFieldInCdb, 4);
      return;
    }
    if (track->damaged) {
      fail(c, kSenseCommandSequenceError);
      return;
    }
    // A track the last SYNCHRONIZE CACHE already closed needs nothing more.
    if (!track->closed) end = flushTrack(c.ready);
  } else {
    if (open != nullptr && open->damaged) {
      fail(c, kSenseIncompleteTrackInSession);  // mmc.md §5.2: 05/72/03
      return;
    }
    // An open TAO track is closed implicitly (padding, run-out), then lead-in and lead-out.
    end = fixateSession(open != nullptr ? flushTrack(c.ready) : c.ready);
    if (simulation_) {
      simulation_.reset();
      trace_.event(end, end, "SIMULATION-END", "reason=session-closed");
    }
  }
  const bool early_0408 = profile_.quirks.has(Quirk::kCloseSessionAnswers0408);
  if (function == kCloseSession && (early_0408 || profile_.quirks.has(Quirk::kCloseSessionAnswers0407))) {
    // mmc.md §9 #39: fixation runs on, but the command returns at once with CHECK CONDITION.
    const Sense early = early_0408 ? kSenseLongWriteInProgress : kSenseOperationInProgress;
    if (end > c.ready) setBusy(early, c.ready, end);
    fail(c, early);
  } else if (immed && end > c.ready) {
    setBusy(kSenseOperationInProgress, c.ready, end);  // mmc.md §2: 02/04/07
  } else {
    c.finished = end;
  }
}

}  // namespace vrec
