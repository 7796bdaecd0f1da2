// SEND CUE SHEET (5Dh) and WRITE in Session-At-Once mode (MMC-3 §6.33, mmc.md §2.6, §6.1-6.3).
// The cue sheet is checked whole (cue_sheet.cc) and kept as the session's plan; the host then
// writes the session strictly in order from its first block — the CD-TEXT lead-in when the
// lead-in entry is 41h, else the first pregap at the session start − 150 — to the last block
// before the lead-out, each block as large as its data form says. Tracks open on the disc as the
// writes reach them and follow each other with no run-out; SYNCHRONIZE CACHE after the last block
// writes the lead-out (drive_write_head.cc). The drive writes the lead-in itself before the first
// pregap, so the CD-TEXT packs the host sends for it are kept aside (not in the data buffer) and
// become the disc's CD-TEXT when the session closes.
#include <algorithm>
#include <array>
#include <string>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"
#include "emulator/sim/rate.h"

namespace vrec {
namespace {

constexpr size_t kCueEntryBytes = 8;
constexpr size_t kPackBytes = 18;
constexpr size_t kPackSymbols = 24;           // 18 bytes = 24 six-bit R-W symbols
constexpr size_t kMaxCdTextPacks = 8 * 256;   // 8 language blocks of up to 256 packs

// One 18-byte CD-TEXT pack from 24 R-W symbols (the low 6 bits of each byte, first symbol in the
// pack's most significant bits).
std::array<uint8_t, kPackBytes> packFromSymbols(std::span<const uint8_t> symbols) {
  std::array<uint8_t, kPackBytes> pack{};
  for (size_t group = 0; group < kPackSymbols / 4; ++group) {
    const uint32_t bits = static_cast<uint32_t>(symbols[4 * group] & 0x3F) << 18 |
                          static_cast<uint32_t>(symbols[4 * group + 1] & 0x3F) << 12 |
                          static_cast<uint32_t>(symbols[4 * group + 2] & 0x3F) << 6 | (symbols[4 * group + 3] & 0x3F);
    pack[3 * group] = static_cast<uint8_t>(bits >> 16);
    pack[3 * group + 1] = static_cast<uint8_t>(bits >> 8);
    pack[3 * group + 2] = static_cast<uint8_t>(bits);
  }
  return pack;
}

AtOnceTrack planOf(const CueTrack& t) {
  AtOnceTrack plan;
  plan.control = t.control;
  plan.block_bytes = t.block_bytes;
  plan.data_mode = t.data_mode;
  plan.pregap_lba = t.pregap_lba;
  plan.start_lba = t.start_lba;
  plan.index_lbas = t.index_lbas;
  plan.isrc = t.isrc;
  return plan;
}

}  // namespace

void Drive::handleSendCueSheet(Command& c) {
  const uint32_t length = be24(c.cdb, 6);
  c.params = "len=" + std::to_string(length);
  if (length == 0 || length % kCueEntryBytes != 0 || c.data.size() != length) {
    failField(c, kSenseInvalidFieldInCdb, 6);  // whole 8-byte entries, as many as the host sends
    return;
  }
  if (length > profile_.max_cue_sheet_bytes) {
    failField(c, kSenseInvalidFieldInCdb, 6);  // more than the drive's cue sheet memory holds
    return;
  }
  if (!requireMedium(c)) return;
  // mmc.md §2 (5Dh), §5.2: a cue sheet belongs to SAO; in any other write type, on a disc that
  // takes no more sessions, or while a session is being written it is out of sequence.
  const bool simulate = testWriteInEffect();
  const Medium& target = simulate && simulation_ ? *simulation_ : medium_;
  const bool writing = cue_sheet_ && cue_next_lba_ != cue_sheet_->firstHostLba();
  if (write_params_.write_type != kWriteTypeSao || target.status() == DiscStatus::kComplete || target.sessionOpen() ||
      writing) {
    fail(c, kSenseCommandSequenceError);
    return;
  }
  if (profile_.quirks.has(Quirk::kCueSheetIsrcControlRejected)) {
    // This dialect wants CONTROL 0 on ISRC entries (ADR 3): the field pointer names the entry.
    for (uint32_t at = 0; at < length; at += kCueEntryBytes) {
      const uint8_t ctl_adr = c.data[at];
      if ((ctl_adr & 0x0F) == 3 && (ctl_adr >> 4) != 0) {
        failParameter(c, kSenseInvalidFieldInParameterList, static_cast<uint16_t>(at), 7);
        return;
      }
    }
  }
  CueLimits limits;
  limits.first_track = target.nextTrackNumber();
  limits.first_start_lba = target.nextWritableLba();
  limits.lead_in_lba = target.nextLeadInLba();
  limits.capacity_sectors = target.capacitySectors();
  CueSheet sheet;
  if (const auto fault = decodeCueSheet(std::span<const uint8_t>(c.data.data(), length), limits, sheet)) {
    failParameter(c, kSenseInvalidFieldInParameterList, fault->byte, fault->bit);
    return;
  }
  // Apply: a new sheet replaces one not yet written to (cdrdao tries variants until one passes).
  c.transferred = length;
  dropCueSheet();
  cue_next_lba_ = sheet.firstHostLba();
  const std::string summary = "tracks=" + std::to_string(sheet.tracks.front().number) + "-" +
                              std::to_string(sheet.tracks.back().number) + " first=" + std::to_string(cue_next_lba_) +
                              " lead-out=" + std::to_string(sheet.lead_out_lba) +
                              " mcn=" + (sheet.mcn.empty() ? "0" : "1") + " cd-text=" + (sheet.hasCdText() ? "1" : "0");
  c.params += " " + summary;
  trace_.event(c.ready, c.ready, "CUE-SHEET", summary);
  cue_sheet_ = std::move(sheet);
}

void Drive::writeAtOnce(Command& c, int32_t lba, uint32_t count, uint16_t count_byte) {
  const CueSheet& cue = *cue_sheet_;
  if (lba != cue_next_lba_) {
    failAt(c, kSenseInvalidAddressForWrite, lba);  // SAO writes are strictly sequential
    return;
  }
  if (static_cast<int64_t>(lba) + count > cue.lead_out_lba) {
    failAt(c, kSenseLbaOutOfRange, std::max(lba, cue.lead_out_lba));  // beyond the cue sheet's lead-out
    return;
  }
  size_t expected = 0;
  for (uint32_t i = 0; i < count; ++i) expected += cue.hostBlockBytes(lba + static_cast<int32_t>(i));
  if (c.data.size() != expected) {
    failField(c, kSenseInvalidFieldInCdb, count_byte);  // block sizes follow the cue sheet's data forms
    return;
  }

  followTestWrite(c.ready);
  Medium& disc = recording();
  const int32_t end = lba + static_cast<int32_t>(count);
  // Lead-in blocks: the R-W sub-channel of each carries four CD-TEXT packs. The packs repeat over
  // the lead-in; the drive keeps one cycle of them.
  int32_t at = lba;
  size_t offset = 0;
  for (; at < end && at < cue.programStartLba(); ++at, offset += kCueLeadInBlockBytes) {
    for (size_t p = 0; p < kCueLeadInBlockBytes / kPackSymbols && !cue_text_complete_; ++p) {
      const auto pack = packFromSymbols(std::span<const uint8_t>(c.data).subspan(offset + p * kPackSymbols, kPackSymbols));
      if (pack == std::array<uint8_t, kPackBytes>{}) continue;  // padding between cycles
      if (!cue_text_packs_.empty() && std::equal(pack.begin(), pack.end(), cue_text_packs_.begin())) {
        cue_text_complete_ = true;
      } else if (cue_text_packs_.size() < kMaxCdTextPacks * kPackBytes) {
        cue_text_packs_.insert(cue_text_packs_.end(), pack.begin(), pack.end());
      }
    }
  }
  const uint64_t bytes = c.data.size();
  const uint64_t program_bytes = bytes - offset;
  if (program_bytes == 0) {
    cue_next_lba_ = end;
    c.transferred = bytes;
    c.finished = addTicks(c.ready, transferTicks(bytes));
    return;
  }

  // Program area: the tracks open on the disc as the writes reach them.
  const auto open_track = [this, &disc](const CueTrack& t) {
    if (disc.tracks().size() < t.number) disc.beginTrackAtOnce(planOf(t));
  };
  open_track(*cue.trackAt(at));
  // The buffer and the head work as for TAO (cmd_writing.cc): the command holds until the buffer
  // has room, the head starts when the buffer is full (after OPC and the lead-in). The drain rate
  // follows the block size of the track being written, the model's one approximation for a
  // session that mixes 2352- and 2048-byte tracks.
  BufferAdmission admission;
  admission.transfer_bytes = bytes;
  admission.buffered_bytes = program_bytes;
  const std::optional<Ticks> admitted = admitToBuffer(c, admission);
  if (!admitted) return;
  const Ticks done = *admitted;
  while (at < end) {
    const CueTrack& t = *cue.trackAt(at);
    open_track(t);
    const int32_t segment_end = std::min(end, t.end_lba);
    const auto n = static_cast<uint32_t>(segment_end - at);
    const size_t segment_bytes = static_cast<size_t>(n) * t.block_bytes;
    disc.recordAtOnce(at, n, t.block_bytes,
                      simulation_ ? std::span<const uint8_t>() : std::span<const uint8_t>(c.data).subspan(offset, segment_bytes));
    offset += segment_bytes;
    at = segment_end;
  }
  cue_next_lba_ = end;
  c.transferred = bytes;
  c.finished = done;
  if (!buffer_.draining() && buffer_.levelAt(done) >= buffer_.capacityBytes()) startHead(done);
}

}  // namespace vrec
