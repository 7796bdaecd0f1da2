// WRITE in raw mode and the end of a raw session (page 05 write type 3; mmc.md §4.1, §6.2;
// raw_writer.h for what the drive reads out of the blocks). The host writes strictly in order from
// the session's lead-in start; the blocks go through the buffer and the write head as in SAO
// (same drain rate per block, the same underrun rules: with BUFE a pause and relink, without it a
// ruined session reported as 03/0C/09). SYNCHRONIZE CACHE after the host's lead-out closes the
// session with the TOC the Q sub-channel carried. Errors, as mmc.md §5.2 lists them:
//   05/64/00  the data is not count × the data block type's block size (illegal mode for this track)
//   05/21/02  a WRITE that is not the next block (the first at the lead-in start)
//   05/2C/00  a write after an unprotected underrun, or onto a disc with a session still open
//   05/63/00  past the medium's end (last possible lead-out start plus a lead-out)
#include <algorithm>
#include <string>

#include "emulator/drive/drive.h"
#include "emulator/sim/rate.h"

namespace vrec {

void Drive::writeRaw(Command& c, int32_t lba, uint32_t count) {
  const bool simulate = testWriteInEffect();
  const Medium& target = simulate && simulation_ ? *simulation_ : medium_;
  const RawRecording* raw = raw_ && raw_->dataBlockType() == write_params_.data_block_type ? &*raw_ : nullptr;
  const uint16_t block = write_params_.blockBytes();
  if (c.data.size() != static_cast<size_t>(count) * block) {
    failAt(c, kSenseIllegalModeForTrack, lba);  // not whole blocks of this data block type
    return;
  }
  if ((raw != nullptr && raw->damaged()) || target.sessionOpen()) {
    failAt(c, kSenseCommandSequenceError, lba);
    return;
  }
  const int32_t expected = raw != nullptr ? raw->nextLba() : target.nextLeadInLba();
  if (lba != expected) {
    failAt(c, kSenseInvalidAddressForWrite, lba);  // raw writes are strictly sequential
    return;
  }
  const int64_t end_limit = static_cast<int64_t>(target.capacitySectors()) + kFirstLeadOutSectors;
  if (static_cast<int64_t>(lba) + count > end_limit) {
    failAt(c, kSenseEndOfUserArea, lba);
    return;
  }

  followTestWrite(c.ready);
  if (raw == nullptr) {
    recording().discardRaw(lba);  // what an abandoned raw session left there
    raw_.emplace(lba, write_params_.data_block_type);
    track_head_started_ = false;
    head_paused_ = false;
    trace_.event(c.ready, c.ready, "RAW-SESSION",
                 "lead-in=" + std::to_string(lba) + " block=" + std::to_string(block));
  }
  BufferAdmission admission;
  admission.transfer_bytes = admission.buffered_bytes = c.data.size();
  const std::optional<Ticks> admitted = admitToBuffer(c, admission);
  if (!admitted) return;
  const Ticks done = *admitted;
  Medium& disc = recording();
  for (uint32_t i = 0; i < count; ++i) {
    const RawRecording::Kept kept = raw_->take(std::span<const uint8_t>(c.data).subspan(static_cast<size_t>(i) * block, block));
    if (kept.store && !simulation_) disc.recordRaw(lba + static_cast<int32_t>(i), kept.main, kept.pw);
  }
  c.transferred = c.data.size();
  c.finished = done;
  if (!buffer_.draining() && buffer_.levelAt(done) >= buffer_.capacityBytes()) startHead(done);
}

Ticks Drive::finishRawSession(Ticks at) {
  Ticks t = at;
  if (!buffer_.empty() || !track_head_started_) {
    if (!buffer_.draining()) startHead(at);
    t = std::max(at, buffer_.emptyTime());
  }
  Medium& disc = recording();
  const std::vector<AtOnceTrack> tracks = raw_->tracks();
  const int32_t lead_out = raw_->leadOutLba();
  if (tracks.empty()) {
    trace_.event(t, t, "RAW-SESSION-UNREADABLE", "lead-out=" + std::to_string(lead_out));
  } else {
    disc.closeRawSession(tracks, lead_out, write_params_.allowsNextSession(), raw_->mcn());
    trace_.event(t, t, "RAW-SESSION-CLOSED",
                 "tracks=" + std::to_string(disc.sessions().back().first_track) + "-" +
                     std::to_string(disc.sessions().back().last_track) + " lead-out=" + std::to_string(lead_out) +
                     " mcn=" + (raw_->mcn().empty() ? "0" : "1"));
  }
  raw_.reset();
  flushing_ = true;
  armHead();  // draining to the end on purpose: no underrun check
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

}  // namespace vrec
