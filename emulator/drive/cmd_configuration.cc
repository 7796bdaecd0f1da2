// GET CONFIGURATION (46h, MMC-5 §5.2, §6.6; mmc.md §3): the drive's profiles and features, with the
// Current bits following the loaded medium. The recorder is a CD-R/RW writer: profiles 000Ah,
// 0009h, 0008h; features Core (ATAPI), Morphing, Removable Medium, Random Readable, Multi-Read,
// CD Read, Incremental Streaming Writable, CD TAO, CD Mastering (with Raw when the profile has
// raw_write) and Real Time Streaming. A DVD writer adds the DVD profiles and features; a BD writer
// also BD-RE, BD-R SRM and BD-ROM (0043h, 0041h, 0040h) with Random Writable, Formattable (BD
// format types), Hardware Defect Management, POW, BD Read and BD Write (mmc.md §3.2, §3.3).
#include <string>
#include <vector>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"

namespace vrec {
namespace {

constexpr uint8_t kRtAll = 0;
constexpr uint8_t kRtCurrent = 1;
constexpr uint8_t kRtOne = 2;
constexpr size_t kConfigHeaderBytes = 8;

struct Feature {
  uint16_t code;
  uint8_t version;
  bool persistent;
  bool current;
  std::vector<uint8_t> data;  // additional data, a multiple of 4 bytes
};

void appendFeature(std::vector<uint8_t>& out, const Feature& f) {
  // mmc.md §3.1: code(2), version bits 5-2, Persistent bit 1, Current bit 0, additional length.
  out.push_back(static_cast<uint8_t>(f.code >> 8));
  out.push_back(static_cast<uint8_t>(f.code));
  out.push_back(static_cast<uint8_t>((f.version & 0x0F) << 2 | (f.persistent ? 0x02 : 0) | (f.current ? 0x01 : 0)));
  out.push_back(static_cast<uint8_t>(f.data.size()));
  out.insert(out.end(), f.data.begin(), f.data.end());
}

}  // namespace

bool Drive::writableMediumLoaded() const {
  return !mediumAbsence() && visible().status() != DiscStatus::kComplete;
}

std::vector<uint8_t> Drive::configurationFeatures(uint8_t request_type, uint16_t starting_feature) const {
  const bool present = !mediumAbsence();
  const bool readable = present && !visible().isBlank();
  const bool writable = writableMediumLoaded();
  // A CD recorder does not recognise a DVD, nor a DVD one a BD: no current profile (mmc.md §3.2).
  const uint16_t current_profile =
      present && (profile_.writesDvd() || !medium_.isDvd()) && !mediumRefused() ? medium_.info().profile : kProfileNone;
  const uint8_t buf = profile_.underrun_protection ? 0x40 : 0x00;
  const uint8_t test_write = profile_.test_write ? 0x04 : 0x00;
  const uint8_t cd_rw = profile_.cdrw_write_speeds_x.empty() ? 0x00 : 0x02;
  const uint32_t cue = profile_.max_cue_sheet_bytes;
  const bool dvd = present && medium_.isDvd();
  const bool bd = present && medium_.isBd() && profile_.writesBd();
  const MediumFamily family = present ? medium_.family() : MediumFamily::kCd;

  std::vector<Feature> features;
  // 0000h Profile List (mmc.md §3.2): every supported profile, highest first, CurrentP marked.
  std::vector<uint8_t> profiles;
  // A DVD writer adds DVD+R, DVD+RW, DVD-R sequential and DVD-ROM above the CD profiles.
  std::vector<uint16_t> supported;
  // BD-R RRM (0042h) is not offered: a BD-R here is always recorded sequentially (SRM).
  if (profile_.writesBd()) supported = {kProfileBdRe, kProfileBdRSequential, kProfileBdRom};
  if (profile_.writesDvd()) {
    supported.insert(supported.end(), {kProfileDvdPlusR, kProfileDvdPlusRw, kProfileDvdMinusRSequential, kProfileDvdRom});
  }
  supported.insert(supported.end(), {kProfileCdRw, kProfileCdR, kProfileCdRom});
  for (uint16_t profile : supported) {
    profiles.insert(profiles.end(), {static_cast<uint8_t>(profile >> 8), static_cast<uint8_t>(profile),
                                     static_cast<uint8_t>(profile == current_profile ? 0x01 : 0x00), 0x00});
  }
  features.push_back({0x0000, 0, true, true, profiles});
  // 0001h Core: physical interface 2 = ATAPI; DBE (deferred buffer errors reported) set.
  features.push_back({0x0001, 2, true, true, {0x00, 0x00, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00}});
  // 0002h Morphing: no asynchronous event notification, polled GESN only.
  features.push_back({0x0002, 1, true, true, {0x00, 0x00, 0x00, 0x00}});
  // 0003h Removable Medium: tray (001b), Load, Eject, Lock.
  features.push_back({0x0003, 0, true, true, {0x20 | 0x10 | 0x08 | 0x01, 0x00, 0x00, 0x00}});
  // 0010h Random Readable: 2048-byte blocks, blocking 1 (CD), 16 (DVD ECC block) or 32 (BD cluster).
  const uint8_t blocking = bd ? 0x20 : dvd ? 0x10 : 0x01;
  features.push_back({0x0010, 0, false, (readable || visible().isFormatted()) && !mediumRefused(),
                      {0x00, 0x00, 0x08, 0x00, 0x00, blocking, 0x00, 0x00}});
  // 001Dh Multi-Read, 001Eh CD Read (no C2, no CD-Text, no DAP).
  features.push_back({0x001D, 0, false, present, {}});
  features.push_back({0x001E, 2, false, present && !dvd, {0x00, 0x00, 0x00, 0x00}});
  // 001Fh DVD Read (mmc.md §3.3): single layer only.
  if (profile_.writesDvd()) features.push_back({0x001F, 1, false, dvd && !medium_.isBd(), {0x00, 0x00, 0x00, 0x00}});
  // 0020h Random Writable (BD writers): a formatted BD-RE, last LBA, 2048-byte blocks, blocking 32.
  if (profile_.writesBd()) {
    const bool random = bd && family == MediumFamily::kBdRe && visible().isFormatted();
    std::vector<uint8_t> data(12, 0);
    if (random) putBe32(data, 0, visible().capacitySectors() - 1);
    putBe32(data, 4, 2048);
    data[9] = 0x20;
    features.push_back({0x0020, 1, false, random, data});
  }
  // 0021h Incremental Streaming Writable: data block types 0 and 8, BUF, one link size: 7 on CD;
  // DVD-R: block type 8, link size 16 (mmc.md §4.1, libburn reads it from here).
  if (dvd) {
    features.push_back({0x0021, 1, false, writable && family == MediumFamily::kDvdMinusR,
                        {0x01, 0x00, static_cast<uint8_t>(buf != 0 ? 0x01 : 0x00), 0x01, 16, 0x00, 0x00, 0x00}});
  } else {
    features.push_back({0x0021, 1, false, writable,
                        {0x01, 0x01, static_cast<uint8_t>(buf != 0 ? 0x01 : 0x00), 0x01, kCdLinkSizeBlocks, 0x00,
                         0x00, 0x00}});
  }
  if (profile_.writesDvd()) {
    // 0023h Formattable (DVD+RW; BD-RE and BD-R on a BD writer, mmc.md §3.3): a BD writer's byte 4
    // offers full (Cert) and quick (QCert) certification and formats without spares (RENoSA);
    // byte 8 has no RRM.
    const bool formattable = family == MediumFamily::kDvdPlusRw || bd;
    if (profile_.writesBd()) {
      features.push_back({0x0023, 1, false, formattable, {0x01 | 0x02 | 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}});
      // 0024h Hardware Defect Management: a BD-RE formatted with spare areas.
      const bool spares = bd && family == MediumFamily::kBdRe && visible().isFormatted() &&
                          visible().capacitySectors() < medium_.info().dvd_capacity_sectors;
      features.push_back({0x0024, 1, false, spares, {0x80, 0x00, 0x00, 0x00}});
    } else {
      features.push_back({0x0023, 0, false, formattable, {0x00, 0x00, 0x00, 0x00}});
    }
    // 002Ah DVD+RW (Write), 002Bh DVD+R (Write) (mmc.md §3.3).
    features.push_back({0x002A, 1, false, family == MediumFamily::kDvdPlusRw, {0x01, 0x00, 0x00, 0x00}});
    features.push_back({0x002B, 0, false, family == MediumFamily::kDvdPlusR, {0x01, 0x00, 0x00, 0x00}});
  }
  // 002Dh CD Track at Once: BUF, Test Write, CD-RW; data types supported 0 and 8.
  features.push_back(
      {0x002D, 2, false, writable && !dvd, {static_cast<uint8_t>(buf | test_write | cd_rw), 0x00, 0x01, 0x01}});
  // 002Eh CD Mastering: BUF, SAO, Test Write, CD-RW; maximum cue sheet length. A raw-capable
  // drive adds Raw MS (bit 4), Raw (bit 3) and R-W (bit 0: it records the host's P-W, mmc.md §3.3).
  const uint8_t raw = profile_.raw_write ? 0x10 | 0x08 | 0x01 : 0x00;
  features.push_back({0x002E, 1, false, writable && !dvd,
                      {static_cast<uint8_t>(buf | 0x20 | raw | test_write | cd_rw), static_cast<uint8_t>(cue >> 16),
                       static_cast<uint8_t>(cue >> 8), static_cast<uint8_t>(cue)}});
  // 002Fh DVD-R/-RW Write: BUF, Test Write (DVD-R simulates; DVD+ media never do).
  if (profile_.writesDvd()) {
    features.push_back({0x002F, 1, false, writable && family == MediumFamily::kDvdMinusR,
                        {static_cast<uint8_t>(buf | test_write), 0x00, 0x00, 0x00}});
  }
  if (profile_.writesBd()) {
    // 0038h BD-R Pseudo-Overwrite: current on a BD-R formatted SRM+POW (32h subtype 00b).
    features.push_back({0x0038, 0, false, bd && writable && visible().pseudoOverwrite(), {0x00, 0x00, 0x00, 0x00}});
    // 0040h BD Read: class 0 read bitmaps (bit n: version n) for BD-RE 1-2, BD-R 1, BD-ROM 1.
    std::vector<uint8_t> read(28, 0);
    putBe16(read, 4, 0x0006);
    putBe16(read, 12, 0x0002);
    putBe16(read, 20, 0x0002);
    features.push_back({0x0040, 0, false, bd, read});
    // 0041h BD Write: SVNR 0; class 0 write bitmaps for BD-RE 1-2 and BD-R 1.
    std::vector<uint8_t> write(24, 0);
    putBe16(write, 4, 0x0006);
    putBe16(write, 12, 0x0002);
    features.push_back({0x0041, 0, false, bd && (writable || family == MediumFamily::kBdRe), write});
  }
  // 0107h Real Time Streaming: SET CD SPEED works (SCS), page 2Ah speed descriptors (MP2A),
  // GET PERFORMANCE type 03h (WSPD).
  features.push_back({0x0107, 3, false, present, {0x08 | 0x04 | 0x02, 0x00, 0x00, 0x00}});

  std::vector<uint8_t> out(kConfigHeaderBytes, 0);
  putBe16(out, 6, current_profile);
  for (const Feature& f : features) {
    const bool wanted = request_type == kRtOne ? f.code == starting_feature
                                               : f.code >= starting_feature && (request_type == kRtAll || f.current);
    if (wanted) appendFeature(out, f);
  }
  putBe32(out, 0, static_cast<uint32_t>(out.size() - 4));  // mmc.md §3.1: excludes itself
  return out;
}

void Drive::handleGetConfiguration(Command& c) {
  const uint8_t request_type = c.cdb[1] & 0x03;
  const uint16_t starting = be16(c.cdb, 2);
  const uint16_t allocation = be16(c.cdb, 7);
  c.params = "rt=" + std::to_string(request_type) + " start=" + std::to_string(starting) +
             " al=" + std::to_string(allocation);
  if (request_type == 3) {
    failField(c, kSenseInvalidFieldInCdb, 1, 1);  // RT 11b is reserved
    return;
  }
  // mmc.md §3.1: drives truncate to the allocation length without error; hosts ask for 8 bytes
  // first and read the data length.
  const std::vector<uint8_t> out = configurationFeatures(request_type, starting);
  reply(c, out, allocation);
}

}  // namespace vrec
