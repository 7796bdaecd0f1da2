// READ TOC/PMA/ATIP format 2, the full (raw) TOC (MMC-5; mmc.md §2.1): the Q sub-channel mode 1
// and mode 5 entries each closed session wrote into its lead-in, 11 bytes each. Per session: A0
// (first track, disc type), A1 (last track), A2 (lead-out start), one entry per track, then for a
// disc left open for another session B0 (ADR 5: next possible program area start, the ATIP's
// last possible lead-out start), and in the first session C0 (ADR 5: ATIP recording power and
// the start of the first lead-in). Addresses are always MSF here. Also format 3, the PMA (the
// track ranges a recordable disc notes in its program memory area as tracks are written), and
// format 5, the CD-TEXT packs of the lead-in.
#include <vector>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"

namespace vrec {
namespace {

constexpr size_t kFullTocEntryBytes = 11;
constexpr uint8_t kAdrQMode1 = 0x10;  // ADR 1: position
constexpr uint8_t kAdrQMode5 = 0x50;  // ADR 5: recordable-disc pointers (B0, C0)
constexpr uint8_t kPointFirstTrack = 0xA0;
constexpr uint8_t kPointLastTrack = 0xA1;
constexpr uint8_t kPointLeadOut = 0xA2;
constexpr uint8_t kPointNextArea = 0xB0;
constexpr uint8_t kPointAtipCopy = 0xC0;
constexpr uint8_t kDiscTypeCdRom = 0x00;  // A0 PSEC: CD-DA or CD-ROM (mmc.md §2.1)
constexpr uint8_t kDiscTypeXa = 0x20;     // A0 PSEC: CD-ROM XA

struct Entry {
  uint8_t session = 0;
  uint8_t adr_control = 0;
  uint8_t point = 0;
  Msf time{};    // Min, Sec, Frame
  uint8_t zero = 0;
  Msf ptime{};   // PMIN, PSEC, PFRAME
};

void append(std::vector<uint8_t>& out, const Entry& e) {
  const size_t at = out.size();
  out.resize(at + kFullTocEntryBytes, 0);
  out[at] = e.session;
  out[at + 1] = e.adr_control;
  out[at + 2] = 0;  // TNO: 0 in the lead-in
  out[at + 3] = e.point;
  out[at + 4] = e.time.minute;
  out[at + 5] = e.time.second;
  out[at + 6] = e.time.frame;
  out[at + 7] = e.zero;
  out[at + 8] = e.ptime.minute;
  out[at + 9] = e.ptime.second;
  out[at + 10] = e.ptime.frame;
}

}  // namespace

std::vector<uint8_t> Drive::fullToc() const {
  const Medium& disc = visible();
  std::vector<uint8_t> out(4, 0);
  const uint16_t closed = disc.closedSessionCount();
  out[2] = 1;
  out[3] = static_cast<uint8_t>(closed);
  for (uint16_t s = 0; s < closed; ++s) {
    const Session& session = disc.sessions()[s];
    const auto number = static_cast<uint8_t>(session.number);
    const Track* first = disc.track(session.first_track);
    const Track* last = disc.track(session.last_track);
    const uint8_t first_control = first->control & 0x0F;
    const uint8_t last_control = last->control & 0x0F;
    // A0 PSEC: CD-ROM XA when the session holds a Mode 2 data track (mmc.md §2.1).
    uint8_t disc_type = kDiscTypeCdRom;
    for (uint16_t n = session.first_track; n <= session.last_track; ++n) {
      if (disc.track(n)->isData() && disc.track(n)->data_mode == 2) disc_type = kDiscTypeXa;
    }
    append(out, {number, static_cast<uint8_t>(kAdrQMode1 | first_control), kPointFirstTrack, {}, 0,
                 Msf{static_cast<uint8_t>(first->number), disc_type, 0}});
    append(out, {number, static_cast<uint8_t>(kAdrQMode1 | last_control), kPointLastTrack, {}, 0,
                 Msf{static_cast<uint8_t>(last->number), 0, 0}});
    append(out, {number, static_cast<uint8_t>(kAdrQMode1 | last_control), kPointLeadOut, {}, 0,
                 lbaToMsf(session.lead_out_lba)});
    for (uint16_t n = session.first_track; n <= session.last_track; ++n) {
      const Track* t = disc.track(n);
      append(out, {number, static_cast<uint8_t>(kAdrQMode1 | (t->control & 0x0F)), static_cast<uint8_t>(n), {}, 0,
                   lbaToMsf(t->start_lba)});
    }
    // B0 only while another session may follow: the last closed session of an appendable disc.
    if (s + 1u == closed && disc.status() == DiscStatus::kAppendable) {
      // Zero byte: number of mode 5 pointers in this lead-in (B0, and C0 in session 1).
      const uint8_t pointers = s == 0 ? 2 : 1;
      append(out, {number, static_cast<uint8_t>(kAdrQMode5 | first_control), kPointNextArea,
                   lbaToMsf(disc.nextWritableLba()), pointers, disc.info().atip_last_lead_out});
    }
    if (s == 0) {
      // C0: Min = ATIP indicative writing power (the ATIP byte 4 value, 0xD1), PMSF = ATIP start of
      // the first lead-in.
      append(out, {number, static_cast<uint8_t>(kAdrQMode5 | first_control), kPointAtipCopy, Msf{0xD1, 0, 0}, 0,
                   disc.info().atip_lead_in_start});
    }
  }
  putBe16(out, 0, static_cast<uint32_t>(out.size() - 2));
  return out;
}

std::vector<uint8_t> Drive::pmaReply() const {
  // One Q mode 1 entry per track: POINT = track number, Min/Sec/Frame = its last block (the TAO
  // run-out included), PMIN/PSEC/PFRAME = its start (index 1). Byte 0 is reserved in the PMA.
  const Medium& disc = visible();
  std::vector<uint8_t> out(4, 0);
  for (const Track& t : disc.tracks()) {
    const int32_t size = static_cast<int32_t>(t.closed ? t.sizeSectors() : t.recorded_sectors);
    if (size == 0) continue;
    append(out, {0, static_cast<uint8_t>(kAdrQMode1 | (t.control & 0x0F)), static_cast<uint8_t>(t.number),
                 lbaToMsf(t.start_lba + size - 1), 0, lbaToMsf(t.start_lba)});
  }
  putBe16(out, 0, static_cast<uint32_t>(out.size() - 2));
  return out;
}

std::vector<uint8_t> Drive::cdTextReply() const {
  const std::vector<uint8_t>& packs = visible().cdText();
  std::vector<uint8_t> out(4 + packs.size(), 0);
  for (size_t i = 0; i < packs.size(); ++i) out[4 + i] = packs[i];
  putBe16(out, 0, static_cast<uint32_t>(out.size() - 2));
  return out;
}

}  // namespace vrec
