// READ DISC INFORMATION and READ TRACK INFORMATION replies for DVD and BD media (mmc.md §2.2,
// §2.3): LBA addresses instead of MSF, the 48-byte MMC-5 track information with a fixed packet size
// of one write unit (16: an ECC block; BD 32: a cluster), the invisible track's free blocks from
// the capacity (mmc.md §1.5), the DVD+RW background format status, a formatted BD-RE's
// random-access disc status; and READ CAPACITY of a formatted DVD+RW or BD-RE (its whole capacity).
#include <vector>

#include "emulator/drive/cdb.h"
#include "emulator/drive/disc_info_counts.h"
#include "emulator/drive/drive.h"
#include "emulator/media/disc_geometry.h"
#include "emulator/media/dvd_layout.h"

namespace vrec {
namespace {

constexpr size_t kDiscInformationBytes = 34;
constexpr size_t kDvdTrackInformationBytes = 48;  // MMC-5, data length 002Eh
constexpr uint8_t kDvdTrackMode = 5;

}  // namespace

std::vector<uint8_t> Drive::dvdDiscInformation() const {
  const Medium& disc = visible();
  std::vector<uint8_t> out(kDiscInformationBytes, 0);
  putBe16(out, 0, kDiscInformationBytes - 2);
  const bool formatted = disc.isFormatted();
  // mmc.md §2.2: a formatted DVD+RW reports a complete disc and complete last session, a formatted
  // BD-RE disc status 11b (random access).
  const uint8_t state = formatted ? 0x03 : static_cast<uint8_t>(disc.lastSessionState());
  const uint8_t status = formatted && disc.family() == MediumFamily::kBdRe ? 0x03 : static_cast<uint8_t>(disc.status());
  out[2] = static_cast<uint8_t>((disc.isErasable() ? 0x10 : 0x00) | state << 2 | status);
  out[3] = 1;
  putSessionAndTrackCounts(disc, out);
  out[7] = static_cast<uint8_t>(0x20 | static_cast<uint8_t>(disc.backgroundFormat()));  // URU, BG format
  out[8] = 0xFF;  // disc type: undefined on DVD (mmc.md §2.2)
  if (disc.status() == DiscStatus::kComplete) {
    std::fill(out.begin() + 16, out.begin() + 24, uint8_t{0xFF});
  } else {
    // DVD: LBAs; the next session starts at the NWA, the last possible lead-out at the capacity.
    putBe32(out, 16, lbaToWire(disc.nextWritableLba()));
    putBe32(out, 20, disc.capacitySectors());
  }
  return out;
}

std::vector<uint8_t> Drive::dvdTrackInformation(const Track* track) const {
  const Medium& disc = visible();
  std::vector<uint8_t> out(kDvdTrackInformationBytes, 0);
  putBe16(out, 0, kDvdTrackInformationBytes - 2);
  // Fixed packet size / blocking factor: one ECC block, or one BD cluster (mmc.md §2.3).
  putBe32(out, 20, writeUnitSectors(disc.family()));
  const bool incremental = disc.family() == MediumFamily::kDvdMinusR && write_params_.write_type != kWriteTypeSao;
  const uint8_t packet_bits = incremental ? 0x20 | 0x10 : 0x00;  // Packet/Inc, FP
  if (track == nullptr) {
    const int32_t nwa = disc.nextWritableLba();
    const uint16_t number = disc.nextTrackNumber();
    const uint16_t session = disc.nextSessionNumber();
    out[2] = static_cast<uint8_t>(number);
    out[3] = static_cast<uint8_t>(session);
    out[5] = kDvdTrackMode;
    out[6] = static_cast<uint8_t>(0x40 | packet_bits | 0x01);  // Blank, data mode 1
    out[7] = 0x01;                                             // NWA_V
    putBe32(out, 8, lbaToWire(nwa));
    putBe32(out, 12, lbaToWire(nwa));
    const uint32_t free = profile_.quirks.has(Quirk::kZeroFreeBlocksOnBlank) ? 0 : disc.freeSectors();
    putBe32(out, 16, free);
    putBe32(out, 24, free);
    out[32] = static_cast<uint8_t>(number >> 8);
    out[33] = static_cast<uint8_t>(session >> 8);
    return out;
  }
  out[2] = static_cast<uint8_t>(track->number);
  out[3] = static_cast<uint8_t>(track->session);
  out[32] = static_cast<uint8_t>(track->number >> 8);
  out[33] = static_cast<uint8_t>(track->session >> 8);
  out[5] = static_cast<uint8_t>((track->damaged ? 0x20 : 0x00) | kDvdTrackMode);
  putBe32(out, 8, lbaToWire(track->start_lba));
  if (disc.isFormatted()) {
    // A formatted DVD+RW is one complete track over the whole capacity, overwritable anywhere.
    out[6] = 0x01;
    putBe32(out, 24, disc.capacitySectors());
    if (track->recorded_sectors > 0) {
      out[7] = 0x02;
      putBe32(out, 28, lbaToWire(track->userEndLba() - 1));
    }
    return out;
  }
  const bool writable = !track->closed && !track->damaged;
  const bool reserved = writable && reserved_sectors_.has_value() && track == disc.openTrack();
  out[6] = static_cast<uint8_t>((reserved ? 0x80 : 0x00) | packet_bits | 0x01);
  out[7] = static_cast<uint8_t>((track->recorded_sectors > 0 ? 0x02 : 0x00) | (writable ? 0x01 : 0x00));
  if (writable) {
    putBe32(out, 12, lbaToWire(track->userEndLba()));
    putBe32(out, 16, reserved ? *reserved_sectors_ - track->recorded_sectors : disc.freeSectors());
  }
  const int64_t open_size = static_cast<int64_t>(disc.capacitySectors()) - track->start_lba;
  const uint32_t size = track->closed ? track->sizeSectors()
                       : reserved     ? *reserved_sectors_
                                      : static_cast<uint32_t>(open_size > 0 ? open_size : 0);
  putBe32(out, 24, size);
  if (track->recorded_sectors > 0) putBe32(out, 28, lbaToWire(track->userEndLba() - 1));
  return out;
}

}  // namespace vrec
