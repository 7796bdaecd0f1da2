// READ DISC INFORMATION (51h) and READ TRACK INFORMATION (52h): the disc and track structure as
// the host sees it (MMC-5; mmc.md §2.2, §2.3). During a
// test write the drive reports the simulated progress, so a host can keep writing at the NWA.
#include <string>
#include <vector>

#include "emulator/drive/cdb.h"
#include "emulator/drive/disc_info_counts.h"
#include "emulator/drive/drive.h"

namespace vrec {
namespace {

constexpr size_t kDiscInformationBytes = 34;   // mmc.md §2.2, no OPC tables
constexpr size_t kTrackInformationBytes = 36;  // MMC-3 layout, data length 0022h
constexpr uint8_t kUnrestrictedUseBit = 0x20;  // URU: a general-purpose (non-audio-only) blank
constexpr uint8_t kAddressLba = 0;
constexpr uint8_t kAddressTrack = 1;
constexpr uint8_t kAddressSession = 2;
constexpr uint32_t kInvisibleTrack = 0xFF;

void putMsfAddress(std::vector<uint8_t>& out, size_t offset, int32_t lba) {
  const Msf msf = lbaToMsf(lba);
  out[offset] = 0;
  out[offset + 1] = msf.minute;
  out[offset + 2] = msf.second;
  out[offset + 3] = msf.frame;
}

}  // namespace

void Drive::handleReadDiscInformation(Command& c) {
  const uint8_t data_type = c.cdb[1] & 0x07;
  const uint16_t allocation = be16(c.cdb, 7);
  c.params = "type=" + std::to_string(data_type) + " al=" + std::to_string(allocation);
  if (profile_.quirks.has(Quirk::kReadDiscInformationUnsupported)) {
    failField(c, kSenseInvalidOpcode, 0);  // mmc.md §9 #58: 51h not implemented
    return;
  }
  if (data_type != 0) {
    failField(c, kSenseInvalidFieldInCdb, 1, 2);  // only standard disc information (000b)
    return;
  }
  if (!requireMedium(c)) return;
  if (dvdLoaded()) {
    reply(c, dvdDiscInformation(), allocation);
    return;
  }
  const Medium& disc = visible();
  std::vector<uint8_t> out(kDiscInformationBytes, 0);
  putBe16(out, 0, kDiscInformationBytes - 2);
  out[2] = static_cast<uint8_t>((disc.isErasable() ? 0x10 : 0x00) | static_cast<uint8_t>(disc.lastSessionState()) << 2 |
                                static_cast<uint8_t>(disc.status()));
  out[3] = 1;  // first track on disc
  putSessionAndTrackCounts(disc, out);
  out[7] = kUnrestrictedUseBit;
  // Disc type (mmc.md §2.2): CD-ROM XA (20h) once a Mode 2 data track is on it, else CD-DA/CD-ROM.
  out[8] = 0x00;
  for (const Track& t : disc.tracks()) {
    if (t.isData() && t.data_mode == 2) out[8] = 0x20;
  }
  if (disc.status() == DiscStatus::kComplete) {
    // mmc.md §2.2: a closed disc has no next lead-in and no possible lead-out left.
    std::fill(out.begin() + 16, out.begin() + 24, uint8_t{0xFF});
  } else {
    putMsfAddress(out, 16, disc.nextLeadInLba());
    putMsfAddress(out, 20, static_cast<int32_t>(disc.capacitySectors()));
  }
  reply(c, out, allocation);
}

std::vector<uint8_t> Drive::trackInformation(const Track* track) const {
  if (dvdLoaded()) return dvdTrackInformation(track);
  const Medium& disc = visible();
  std::vector<uint8_t> out(kTrackInformationBytes, 0);
  putBe16(out, 0, kTrackInformationBytes - 2);
  if (track == nullptr) {
    // The blank invisible track (mmc.md §2.3): starts at the NWA and spans the free space.
    // After SEND CUE SHEET the drive reports the first block the host must send (mmc.md §6.2:
    // cdrecord reads the NWA after the cue sheet and expects -150 for a first session).
    // In raw mode the host writes the lead-in itself: the next block is the lead-in start (cdrecord
    // drv_mmc.c write_leadin_mmc takes an NWA above -4500 as a firmware error and uses the ATIP).
    int32_t nwa = cue_sheet_ && write_params_.write_type == kWriteTypeSao ? cue_next_lba_ : disc.nextWritableLba();
    if (write_params_.write_type == kWriteTypeRaw && !disc.sessionOpen()) {
      nwa = raw_ ? raw_->nextLba() : disc.nextLeadInLba();
    }
    const uint16_t number = disc.nextTrackNumber();
    const uint16_t session = disc.nextSessionNumber();
    out[2] = static_cast<uint8_t>(number);
    out[3] = static_cast<uint8_t>(session);
    out[5] = static_cast<uint8_t>(write_params_.track_mode & 0x0F);
    out[6] = 0x40 | 0x0F;  // Blank; data mode unknown until written
    out[7] = 0x01;         // NWA_V
    putBe32(out, 8, lbaToWire(nwa));
    // mmc.md §9 #1: some firmware reports the blank disc's NWA as the pregap start, -150.
    const bool negative_nwa = profile_.quirks.has(Quirk::kNegativeNwaOnBlank) && disc.isBlank();
    putBe32(out, 12, lbaToWire(negative_nwa ? nwa - static_cast<int32_t>(kTaoPregapSectors) : nwa));
    // mmc.md §9 #42: firmware that reports no capacity on a writable disc.
    const uint32_t free = profile_.quirks.has(Quirk::kZeroFreeBlocksOnBlank) ? 0 : disc.freeSectors();
    putBe32(out, 16, free);
    putBe32(out, 24, free);
    out[32] = static_cast<uint8_t>(number >> 8);
    out[33] = static_cast<uint8_t>(session >> 8);
    return out;
  }
  const bool writable = !track->closed && !track->damaged;
  // RESERVE TRACK: the open track has a fixed size (RT bit, byte 6 bit 7).
  const bool reserved = writable && reserved_sectors_.has_value() && track == disc.openTrack();
  out[2] = static_cast<uint8_t>(track->number);
  out[3] = static_cast<uint8_t>(track->session);
  out[5] = static_cast<uint8_t>((track->damaged ? 0x20 : 0x00) | (track->control & 0x0F));
  out[6] = static_cast<uint8_t>((reserved ? 0x80 : 0x00) | (track->isData() ? track->data_mode : 0x0F));
  out[7] = static_cast<uint8_t>((track->recorded_sectors > 0 ? 0x02 : 0x00) | (writable ? 0x01 : 0x00));
  putBe32(out, 8, lbaToWire(track->start_lba));
  if (writable) {
    // In SAO the next block may lie in the next pregap: the drive reports what it expects.
    const bool at_once = track->session_at_once && cue_sheet_.has_value();
    putBe32(out, 12, lbaToWire(at_once ? cue_next_lba_ : track->userEndLba()));
    putBe32(out, 16, reserved ? *reserved_sectors_ - track->recorded_sectors : disc.freeSectors());
  }
  // An open track still owns the rest of the disc; a closed one its data plus run-out.
  const int64_t open_size = static_cast<int64_t>(disc.capacitySectors()) - track->start_lba;
  const uint32_t size = track->closed ? track->sizeSectors()
                       : reserved     ? *reserved_sectors_
                                      : static_cast<uint32_t>(open_size > 0 ? open_size : 0);
  putBe32(out, 24, size);
  if (track->recorded_sectors > 0) putBe32(out, 28, lbaToWire(track->userEndLba() - 1));
  out[32] = static_cast<uint8_t>(track->number >> 8);
  out[33] = static_cast<uint8_t>(track->session >> 8);
  return out;
}

void Drive::handleReadTrackInformation(Command& c) {
  const uint8_t address_type = c.cdb[1] & 0x03;
  const uint32_t address = be32(c.cdb, 2);
  const uint16_t allocation = be16(c.cdb, 7);
  c.params = "type=" + std::to_string(address_type) + " addr=" + std::to_string(lbaFromWire(address)) +
             " al=" + std::to_string(allocation);
  if (address_type == 3) {
    failField(c, kSenseInvalidFieldInCdb, 1, 1);
    return;
  }
  if (!requireMedium(c)) return;
  const Medium& disc = visible();
  // The invisible track (FFh): the open track being recorded, or the blank one after the last
  // track. A complete disc has none.
  const bool has_invisible = disc.status() != DiscStatus::kComplete;
  const Track* open = disc.openTrack();
  const Track* found = nullptr;
  bool blank_invisible = false;
  // A formatted BD-RE reports disc status 11b, not "complete": its one track, overwritable
  // anywhere, is the track a host asking for FFh writes to.
  const bool random_access = disc.isFormatted() && disc.family() == MediumFamily::kBdRe;
  if (address_type == kAddressTrack) {
    if (address == kInvisibleTrack && random_access) {
      found = disc.track(1);
    } else if (address == kInvisibleTrack && has_invisible) {
      found = open;
      blank_invisible = open == nullptr;
    } else if (address == disc.nextTrackNumber() && has_invisible && open == nullptr) {
      blank_invisible = true;
    } else if (address != 0 && address <= kMaxTracks) {
      found = disc.track(static_cast<uint16_t>(address));
    }
  } else if (address_type == kAddressSession) {
    if (address >= 1 && address <= disc.sessions().size()) {
      found = disc.track(disc.sessions()[address - 1].first_track);
    } else if (address == disc.nextSessionNumber() && has_invisible) {
      blank_invisible = true;
    }
  } else if (address_type == kAddressLba) {
    const int32_t lba = lbaFromWire(address);
    for (const Track& t : disc.tracks()) {
      // A track's pregap (150 blocks before index 1 in TAO, what the cue sheet said in SAO)
      // belongs to it; its run-out ends it.
      const int32_t pregap =
          t.number == 1 || t.dvd ? 0 : static_cast<int32_t>(t.session_at_once ? t.pregapSectors() : kTaoPregapSectors);
      const int32_t end = t.closed && !disc.isFormatted() ? t.start_lba + static_cast<int32_t>(t.sizeSectors())
                                                          : static_cast<int32_t>(disc.capacitySectors());
      if (lba >= t.start_lba - pregap && lba < end) found = &t;
    }
    const int32_t invisible_from =
        disc.isBlank() ? 0 : disc.nextWritableLba() - static_cast<int32_t>(disc.isDvd() ? 0 : kTaoPregapSectors);
    blank_invisible = found == nullptr && has_invisible && open == nullptr && lba >= invisible_from &&
                      lba < static_cast<int32_t>(disc.capacitySectors());
    if (found == nullptr && !blank_invisible) {
      failAt(c, kSenseLbaOutOfRange, lba);
      return;
    }
  }
  if (found == nullptr && !blank_invisible) {
    failField(c, kSenseInvalidFieldInCdb, 2);  // no such track or session
    return;
  }
  reply(c, trackInformation(found), allocation);
}

}  // namespace vrec
