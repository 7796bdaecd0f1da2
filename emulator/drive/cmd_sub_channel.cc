// READ SUB-CHANNEL (42h, MMC-5; mmc.md §2): format 01h current position, 02h Media Catalog Number
// and 03h ISRC of a track — what cd-info and cdrdao ask for. The recorder plays no audio, so the
// audio status is always 15h (no current audio status) and the head rests at the start of the
// first track's index 1.
#include <string>
#include <vector>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"

namespace vrec {
namespace {

constexpr uint8_t kSubQBit = 0x40;
constexpr uint8_t kFormatPosition = 0x01;
constexpr uint8_t kFormatMcn = 0x02;
constexpr uint8_t kFormatIsrc = 0x03;
constexpr uint8_t kAudioStatusNone = 0x15;
constexpr uint8_t kAdrPosition = 0x10;
constexpr uint8_t kValidBit = 0x80;

void putAddress(std::vector<uint8_t>& out, size_t at, int32_t lba, bool msf, bool relative) {
  if (!msf) {
    putBe32(out, at, lbaToWire(lba));
    return;
  }
  // A track-relative MSF counts from 00:00:00 at index 1, an absolute one from the disc start.
  const Msf m = relative ? lbaToMsf(lba - kMsfLbaOffset) : lbaToMsf(lba);
  out[at] = 0;
  out[at + 1] = m.minute;
  out[at + 2] = m.second;
  out[at + 3] = m.frame;
}

}  // namespace

void Drive::handleReadSubChannel(Command& c) {
  const bool msf = (c.cdb[1] & 0x02) != 0;
  const bool subq = (c.cdb[2] & kSubQBit) != 0;
  const uint8_t format = c.cdb[3];
  const uint8_t number = c.cdb[6];
  const uint16_t allocation = be16(c.cdb, 7);
  c.params = "format=" + std::to_string(format) + " subq=" + (subq ? "1" : "0") + " track=" + std::to_string(number) +
             " al=" + std::to_string(allocation);
  if (subq && (format < kFormatPosition || format > kFormatIsrc)) {
    failField(c, kSenseInvalidFieldInCdb, 3);
    return;
  }
  if (!requireMedium(c)) return;
  const Medium& disc = visible();
  std::vector<uint8_t> out(4, 0);
  out[1] = kAudioStatusNone;
  if (!subq) {  // header only (MMC-5: SubQ 0 asks for the audio status alone)
    reply(c, out, allocation);
    return;
  }
  if (format == kFormatPosition) {
    out.resize(16, 0);
    out[4] = kFormatPosition;
    const Track* first = disc.track(1);
    if (first != nullptr) {
      out[5] = static_cast<uint8_t>(kAdrPosition | (first->control & 0x0F));
      out[6] = 1;
      out[7] = 1;
      putAddress(out, 8, first->start_lba, msf, false);
      putAddress(out, 12, 0, msf, true);
    }
  } else if (format == kFormatMcn) {
    out.resize(24, 0);
    out[4] = kFormatMcn;
    if (!disc.mcn().empty()) {
      out[8] = kValidBit;
      std::copy(disc.mcn().begin(), disc.mcn().end(), out.begin() + 9);
    }
  } else {
    // mmc.md §2 (42h): the ISRC belongs to the track in byte 6, which must exist.
    const Track* track = disc.track(number);
    if (track == nullptr) {
      failField(c, kSenseInvalidFieldInCdb, 6);
      return;
    }
    out.resize(24, 0);
    out[4] = kFormatIsrc;
    out[5] = static_cast<uint8_t>(kAdrPosition | (track->control & 0x0F));
    out[6] = static_cast<uint8_t>(track->number);
    if (!track->isrc.empty()) {
      out[8] = kValidBit;
      std::copy(track->isrc.begin(), track->isrc.end(), out.begin() + 9);
    }
  }
  putBe16(out, 2, static_cast<uint32_t>(out.size() - 4));
  reply(c, out, allocation);
}

}  // namespace vrec
