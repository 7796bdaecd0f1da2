// READ CD (BEh) and READ CD MSF (B9h) (MMC-5; mmc.md §2, §2.8): raw sectors with the parts the host
// selects, in the order MMC gives them — sync, header, subheader, user data, EDC/ECC, C2 error
// pointers, sub-channel. Every selection field is checked before anything is read:
//   byte 1   expected sector type (110b, 111b reserved), reserved bits 7-5 and bit 0
//   byte 9   main channel: a combination that would leave a hole between the returned fields
//            (SYNC without the 4-byte header, EDC/ECC with header parts but without user data) is
//            illegal; C2 11b and bit 0 are reserved; C2 on a drive without pointers is 05/24/00
//   byte 10  sub-channel 000b, 001b (raw P–W, 96), 010b (formatted Q, 16), 100b (R–W, 96); the
//            rest and bits 7-3 are reserved
// Then sector by sector, like READ(10): the good sectors before the first bad one are transferred;
// a sector of another type than expected is 05/64/00, a TAO run-out block 03/11/00, an address
// outside every track (lead-in, lead-out, between sessions, past the last track) 05/21/00, each
// with its LBA in the Information field. Pregaps are readable: index 0 of the track after them.
// Reading takes the media time of the sectors at the current read speed (SET CD SPEED, capped by
// the profile) or the host transfer, whichever is longer.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"
#include "emulator/media/disc_sector.h"
#include "emulator/media/q_subchannel.h"

namespace vrec {
namespace {

constexpr uint8_t kMainSync = 0x80;
constexpr uint8_t kMainHeaderCodes = 0x60;
constexpr uint8_t kHeaderCodeHeader = 0x20;
constexpr uint8_t kHeaderCodeSubheader = 0x40;
constexpr uint8_t kMainUserData = 0x10;
constexpr uint8_t kMainEdcEcc = 0x08;
constexpr uint8_t kMainC2 = 0x06;
constexpr uint8_t kSubRaw = 1;
constexpr uint8_t kSubQ = 2;
constexpr uint8_t kSubRw = 4;
constexpr size_t kC2Bytes = 294;
constexpr size_t kC2WithBlockErrorBytes = 296;
constexpr size_t kFormattedQBytes = 16;

struct Range {
  size_t offset = 0;
  size_t length = 0;
};

// Where the fields of a sector of `type` lie in its 2352 bytes (mmc.md §1.1).
struct Layout {
  Range sync, header, subheader, user, edc;
};

Layout layoutOf(SectorType type) {
  Layout l;
  if (type == SectorType::kCdda) {
    l.user = {0, kRawSectorBytes};
    return l;
  }
  l.sync = {0, kSyncBytes};
  l.header = {kSyncBytes, kHeaderBytes};
  switch (type) {
    case SectorType::kMode1:
      l.user = {16, kMode1UserBytes};
      l.edc = {16 + kMode1UserBytes, kRawSectorBytes - 16 - kMode1UserBytes};
      break;
    case SectorType::kMode2Formless:
      l.user = {16, kRawSectorBytes - 16};
      break;
    case SectorType::kMode2Form1:
      l.subheader = {16, kSubheaderBytes};
      l.user = {24, kMode1UserBytes};
      l.edc = {24 + kMode1UserBytes, kRawSectorBytes - 24 - kMode1UserBytes};
      break;
    default:  // Mode 2 Form 2
      l.subheader = {16, kSubheaderBytes};
      l.user = {24, kForm2UserBytes};
      l.edc = {24 + kForm2UserBytes, 4};
      break;
  }
  return l;
}

// The main-channel ranges READ CD returns for a sector of `type`, in order.
std::vector<Range> selectedRanges(SectorType type, uint8_t main) {
  const Layout l = layoutOf(type);
  std::vector<Range> out;
  const auto add = [&out](Range r) {
    if (r.length > 0) out.push_back(r);
  };
  if (type == SectorType::kCdda) {
    // CD-DA has no sync, header or EDC: only the user data flag selects anything.
    if ((main & kMainUserData) != 0) add(l.user);
    return out;
  }
  const uint8_t codes = main & kMainHeaderCodes;
  if ((main & kMainSync) != 0) add(l.sync);
  if ((codes & kHeaderCodeHeader) != 0) add(l.header);
  if ((codes & kHeaderCodeSubheader) != 0) add(l.subheader);
  if ((main & kMainUserData) != 0) add(l.user);
  if ((main & kMainEdcEcc) != 0) add(l.edc);
  return out;
}

size_t c2Bytes(uint8_t main) {
  switch ((main & kMainC2) >> 1) {
    case 1: return kC2Bytes;
    case 2: return kC2WithBlockErrorBytes;
    default: return 0;
  }
}

size_t subchannelBytes(uint8_t sub) {
  if (sub == kSubQ) return kFormattedQBytes;
  return sub == kSubRaw || sub == kSubRw ? kRawSubchannelBytes : 0;
}

const char* typeName(SectorType type) {
  switch (type) {
    case SectorType::kCdda: return "cdda";
    case SectorType::kMode1: return "mode1";
    case SectorType::kMode2Formless: return "mode2";
    case SectorType::kMode2Form1: return "form1";
    case SectorType::kMode2Form2: return "form2";
    default: return "any";
  }
}

std::string hex2(uint8_t v) {
  const char* digits = "0123456789ABCDEF";
  return std::string{digits[v >> 4], digits[v & 0x0F]};
}

}  // namespace

// READ CD: b1 expected type + DAP, b2-5 LBA, b6-8 transfer length in sectors, b9 main, b10 sub.
void Drive::handleReadCd(Command& c) { readCdSectors(c, lbaFromWire(be32(c.cdb, 2)), be24(c.cdb, 6), 6); }

// READ CD MSF: b3-5 starting M/S/F, b6-8 ending M/S/F (exclusive); the rest as READ CD.
void Drive::handleReadCdMsf(Command& c) {
  for (const uint16_t at : {uint16_t{3}, uint16_t{6}}) {
    if (c.cdb[at + 1] > 59 || c.cdb[at + 2] >= kCdFramesPerSecond) {
      failField(c, kSenseInvalidFieldInCdb, c.cdb[at + 1] > 59 ? static_cast<uint16_t>(at + 1) : static_cast<uint16_t>(at + 2));
      return;
    }
  }
  if (c.cdb[2] != 0) {
    failField(c, kSenseInvalidFieldInCdb, 2);
    return;
  }
  const int32_t start = msfToLba(Msf{c.cdb[3], c.cdb[4], c.cdb[5]});
  const int32_t end = msfToLba(Msf{c.cdb[6], c.cdb[7], c.cdb[8]});
  if (end < start) {
    failField(c, kSenseInvalidFieldInCdb, 6);  // MMC-5: an ending address before the start
    return;
  }
  readCdSectors(c, start, static_cast<uint32_t>(end - start), 6);
}

uint16_t Drive::readSpeedX() const {
  const uint16_t fastest = profile_.max_read_speed_x;
  if (requested_read_kbps_ == kSpeedMaximum) return fastest;
  const auto asked = static_cast<uint16_t>(std::max<uint32_t>(1, requested_read_kbps_ / kCdRequestKbpsPer1x));
  return std::min(asked, fastest);
}

void Drive::readCdSectors(Command& c, int32_t lba, uint32_t count, uint16_t count_byte) {
  const uint8_t b1 = c.cdb[1];
  const uint8_t main = c.cdb[9];
  const uint8_t sub = c.cdb[10];
  const auto expected = static_cast<SectorType>((b1 >> 2) & 0x07);
  c.params = "lba=" + std::to_string(lba) + " n=" + std::to_string(count) + " type=" + typeName(expected) +
             " main=" + hex2(main) + " sub=" + std::to_string(sub & 0x07);

  // --- validate ---
  if ((b1 & 0xE0) != 0) return failField(c, kSenseInvalidFieldInCdb, 1, 7);
  if ((b1 & 0x01) != 0) return failField(c, kSenseInvalidFieldInCdb, 1, 0);  // RELADR: obsolete
  if (static_cast<uint8_t>(expected) > static_cast<uint8_t>(SectorType::kMode2Form2)) {
    return failField(c, kSenseInvalidFieldInCdb, 1, 4);
  }
  const uint8_t codes = main & kMainHeaderCodes;
  const bool header_part = (main & kMainSync) != 0 || codes != 0;
  if ((main & kMainSync) != 0 && (codes & kHeaderCodeHeader) == 0) return failField(c, kSenseInvalidFieldInCdb, 9, 7);
  if ((main & kMainEdcEcc) != 0 && (main & kMainUserData) == 0 && header_part) {
    return failField(c, kSenseInvalidFieldInCdb, 9, 3);
  }
  if ((main & kMainC2) == kMainC2) return failField(c, kSenseInvalidFieldInCdb, 9, 2);
  if ((main & 0x01) != 0) return failField(c, kSenseInvalidFieldInCdb, 9, 0);
  if ((main & kMainC2) != 0 && !profile_.c2_pointers) return failField(c, kSenseInvalidFieldInCdb, 9, 2);
  // mmc.md §9 #5 and #50: firmware that refuses error flags or any sub-channel selection.
  if ((main & kMainC2) != 0 && profile_.quirks.has(Quirk::kReadCdErrorFlagsRefused)) {
    return failField(c, kSenseInvalidFieldInCdb, 9, 2);
  }
  if (sub != 0 && profile_.quirks.has(Quirk::kReadCdSubchannelUnsupported)) {
    return failField(c, kSenseInvalidFieldInCdb, 10, 2);
  }
  if ((sub & 0xF8) != 0) return failField(c, kSenseInvalidFieldInCdb, 10, 7);
  if (sub != 0 && sub != kSubRaw && sub != kSubQ && sub != kSubRw) return failField(c, kSenseInvalidFieldInCdb, 10, 2);
  if (!requireMedium(c)) return;
  if (count == 0) return;

  // Reads see the physical disc, as READ(10) does: a test write leaves nothing on it.
  const Medium& disc = medium_;
  const size_t extra = c2Bytes(main) + subchannelBytes(sub);
  // How far the request is readable, and the bytes that takes.
  size_t needed = 0;
  uint32_t good = 0;
  std::optional<Sense> stop;
  for (; good < count; ++good) {
    const int32_t at = lba + static_cast<int32_t>(good);
    const SectorPlace place = locateSector(disc, at);
    if (place.region == SectorRegion::kNone) {
      stop = kSenseLbaOutOfRange;
      break;
    }
    if (place.region == SectorRegion::kRunOut) {
      stop = kSenseUnrecoveredReadError;
      break;
    }
    const SectorType type = sectorType(disc, place, at);
    if (expected != SectorType::kAny && expected != type) {
      stop = kSenseIllegalModeForTrack;
      break;
    }
    for (const Range& r : selectedRanges(type, main)) needed += r.length;
    needed += extra;
  }
  if (c.data.size() < needed) return failField(c, kSenseInvalidFieldInCdb, count_byte);  // the host buffer is short

  // --- apply ---
  std::array<uint8_t, kRawSectorBytes> raw{};
  size_t out = 0;
  for (uint32_t i = 0; i < good; ++i) {
    const int32_t at = lba + static_cast<int32_t>(i);
    const SectorPlace place = locateSector(disc, at);
    readRawSector(disc, place, at, raw);
    for (const Range& r : selectedRanges(sectorType(disc, place, at), main)) {
      std::memcpy(c.data.data() + out, raw.data() + r.offset, r.length);
      out += r.length;
    }
    const size_t c2 = c2Bytes(main);  // a clean read: no C2 errors, block error byte 0
    std::memset(c.data.data() + out, 0, c2);
    out += c2;
    // A raw-written block reads back with the sub-channel the host wrote (raw_writer.h); others
    // with the one the drive generates from the disc's layout.
    const std::span<const uint8_t> stored = disc.subchannel().read(at);
    const bool has_stored = stored.size() == kRawSubchannelBytes;
    if (sub == kSubRw) {
      // R–W as recorded (no CD-G on discs the drive generated the sub-channel for).
      for (size_t k = 0; k < kRawSubchannelBytes; ++k) c.data[out + k] = has_stored ? stored[k] & 0x3F : 0;
      out += kRawSubchannelBytes;
    } else if (has_stored && sub == kSubRaw) {
      std::memcpy(c.data.data() + out, stored.data(), kRawSubchannelBytes);
      out += kRawSubchannelBytes;
    } else if (sub == kSubRaw || sub == kSubQ) {
      const auto written = has_stored ? std::optional(std::span<const uint8_t, kRawSubchannelBytes>(stored.data(), kRawSubchannelBytes))
                                      : std::nullopt;
      const QChannel q = written ? qFromRawSubchannel(*written) : sectorQ(disc, place, at);
      const bool p = written ? pFromRawSubchannel(*written) : sectorPauseFlag(place);
      if (sub == kSubRaw) {
        const RawSubchannel pw = interleave(p, q);
        std::memcpy(c.data.data() + out, pw.data(), pw.size());
        out += pw.size();
      } else {
        std::memset(c.data.data() + out, 0, kFormattedQBytes);
        std::memcpy(c.data.data() + out, q.data(), q.size());
        c.data[out + kFormattedQBytes - 1] = p ? 0x80 : 0x00;  // byte 15: the P flag
        out += kFormattedQBytes;
      }
    }
  }
  c.transferred = out;
  // The head reads every sector it was asked for up to the failing one, at the read speed.
  const Ticks media = ticksForSectors(good + (stop ? 1u : 0u), readSpeedX());
  c.finished = addTicks(c.ready, std::max(media, transferTicks(out)));
  if (stop) failAt(c, *stop, lba + static_cast<int32_t>(good));
}

}  // namespace vrec
