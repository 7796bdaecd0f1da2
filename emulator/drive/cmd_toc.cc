// READ TOC/PMA/ATIP (43h, MMC-5; mmc.md §2.1; on a DVD formats 0 and 1 only): format 0 (TOC), 1 (session information), 2 (full
// TOC), 3 (PMA) and 5 (CD-TEXT) (cmd_toc_full.cc) and 4 (ATIP). The TOC is what closed sessions wrote into their lead-ins, so tracks of a session
// still open are not in it, and a blank disc has none (05/24/00, mmc.md §2 READ TOC); the ATIP is
// pre-recorded in the groove and always readable.
#include <string>
#include <vector>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"
#include "emulator/drive/quirk_replies.h"

namespace vrec {
namespace {

constexpr uint8_t kFormatToc = 0;
constexpr uint8_t kFormatSessionInfo = 1;
constexpr uint8_t kFormatFullToc = 2;
constexpr uint8_t kFormatPma = 3;
constexpr uint8_t kFormatAtip = 4;
constexpr uint8_t kFormatCdText = 5;
constexpr uint8_t kLeadOutTrack = 0xAA;
constexpr uint8_t kAdrPosition = 0x10;  // ADR 1 (Q mode 1, position) in the high nibble
constexpr size_t kAtipBytes = 28;

void putTocAddress(std::vector<uint8_t>& out, size_t offset, int32_t lba, bool msf) {
  if (!msf) {
    putBe32(out, offset, lbaToWire(lba));
    return;
  }
  const Msf value = lbaToMsf(lba);
  out[offset] = 0;
  out[offset + 1] = value.minute;
  out[offset + 2] = value.second;
  out[offset + 3] = value.frame;
}

void appendDescriptor(std::vector<uint8_t>& out, uint8_t control, uint8_t track, int32_t lba, bool msf) {
  const size_t at = out.size();
  out.resize(at + 8, 0);
  out[at + 1] = static_cast<uint8_t>(kAdrPosition | (control & 0x0F));
  out[at + 2] = track;
  putTocAddress(out, at + 4, lba, msf);
}

}  // namespace

void Drive::handleReadToc(Command& c) {
  const bool msf = (c.cdb[1] & 0x02) != 0;
  uint8_t format = c.cdb[2] & 0x0F;
  // SFF-8020i legacy: older hosts put the format in byte 9 bits 7-6 (mmc.md §2 READ TOC).
  if (format == 0 && (c.cdb[9] >> 6) != 0) format = static_cast<uint8_t>(c.cdb[9] >> 6);
  const uint8_t number = c.cdb[6];
  const uint16_t allocation = be16(c.cdb, 7);
  c.params = "format=" + std::to_string(format) + " msf=" + (msf ? "1" : "0") + " track=" + std::to_string(number) +
             " al=" + std::to_string(allocation);
  if (format > kFormatCdText) {
    failField(c, kSenseInvalidFieldInCdb, 2);
    return;
  }
  if (const auto refusal = tocQuirkRefusal(profile_.quirks, msf, format)) {
    failField(c, kSenseInvalidFieldInCdb, refusal->byte, refusal->bit);  // mmc.md §9 #45, #51
    return;
  }
  if (!requireMedium(c)) return;
  if (dvdLoaded() && format >= kFormatFullToc) {
    // Full TOC, PMA, ATIP and CD-TEXT exist on CD only; a DVD has no ATIP (MMC-5 READ TOC).
    failField(c, kSenseInvalidFieldInCdb, 2);
    return;
  }
  const Medium& disc = visible();
  std::vector<uint8_t> out(4, 0);

  if (format == kFormatAtip) {
    // mmc.md §2.1 format 4; offsets count from the start of the reply, header included.
    const MediumKindInfo& info = disc.info();
    out.assign(kAtipBytes, 0);
    putBe16(out, 0, kAtipBytes - 2);
    out[4] = 0xD1;  // bit 7 set, indicative writing power 5, reference speed code 1
    out[5] = 0x40;  // URU: unrestricted use
    out[6] = static_cast<uint8_t>(0x80 | (info.erasable ? 0x40 : 0x00));  // disc type: CD-RW bit
    out[8] = info.atip_lead_in_start.minute;
    out[9] = info.atip_lead_in_start.second;
    out[10] = info.atip_lead_in_start.frame;
    out[12] = info.atip_last_lead_out.minute;
    out[13] = info.atip_last_lead_out.second;
    out[14] = info.atip_last_lead_out.frame;
    reply(c, out, allocation);
    return;
  }

  // The PMA and the CD-TEXT answer with a bare header when there is nothing in them (MMC-5: "the
  // TOC data length is 2"), so a host can ask on any disc.
  if (format == kFormatPma) {
    reply(c, pmaReply(), allocation);
    return;
  }
  if (format == kFormatCdText) {
    reply(c, cdTextReply(), allocation);
    return;
  }
  uint16_t closed_sessions = disc.closedSessionCount();
  // What the TOC covers: the closed sessions; on DVD and BD the drive fabricates it from the track
  // structure, so the tracks already closed in a session still open count too (a BD-R growisofs
  // wrote with Pseudo-Overwrite keeps its session open; dvd+rw-mediainfo: "FABRICATED TOC").
  uint16_t toc_first_track = closed_sessions > 0 ? disc.sessions()[closed_sessions - 1u].first_track : 0;
  uint16_t toc_last_track = closed_sessions > 0 ? disc.sessions()[closed_sessions - 1u].last_track : 0;
  int32_t toc_lead_out = closed_sessions > 0 ? disc.sessions()[closed_sessions - 1u].lead_out_lba : 0;
  if (disc.isDvd() && disc.sessionOpen()) {
    const Session& open_session = disc.sessions().back();
    for (uint16_t n = open_session.first_track; n <= open_session.last_track; ++n) {
      const Track* t = disc.track(n);
      if (t == nullptr || !t->closed) break;
      closed_sessions = open_session.number;
      toc_first_track = open_session.first_track;
      toc_last_track = n;
      toc_lead_out = t->userEndLba();
    }
  }
  if (closed_sessions == 0) {
    failField(c, kSenseInvalidFieldInCdb, 2);  // no TOC has been written yet
    return;
  }
  if (format == kFormatFullToc) {
    reply(c, fullToc(), allocation);
    return;
  }
  if (format == kFormatSessionInfo) {
    const Track* first = disc.track(toc_first_track);
    out[2] = 1;
    out[3] = static_cast<uint8_t>(closed_sessions);
    appendDescriptor(out, first->control, static_cast<uint8_t>(first->number), first->start_lba, msf);
  } else {
    const uint16_t last_track = toc_last_track;
    if (number != kLeadOutTrack && number > last_track) {
      failField(c, kSenseInvalidFieldInCdb, 6);
      return;
    }
    out[2] = 1;
    out[3] = static_cast<uint8_t>(last_track);
    if (number != kLeadOutTrack) {
      for (uint16_t n = number == 0 ? 1 : number; n <= last_track; ++n) {
        const Track* t = disc.track(n);
        appendDescriptor(out, t->control, static_cast<uint8_t>(n), t->start_lba, msf);
      }
    }
    const Track* last = disc.track(last_track);
    appendDescriptor(out, last->control, kLeadOutTrack, toc_lead_out, msf);
  }
  putBe16(out, 0, static_cast<uint32_t>(out.size() - 2));
  if (format == kFormatToc && profile_.quirks.has(Quirk::kBcdTrackNumbersInToc)) bcdTrackNumbers(out);  // §9 #54
  reply(c, out, allocation);
}

}  // namespace vrec
