// Sector addressing: LBA ↔ MSF conversion, BCD header and sync (ECMA-130 §14.1–14.2, mmc.md §1.2).
#include "engine/sector/sector_format.h"

#include <cstring>
#include <string>
#include <utility>

namespace dm::sector {

std::string_view formName(SectorForm form) {
  switch (form) {
    case SectorForm::kMode1: return "mode1";
    case SectorForm::kMode2Formless: return "mode2";
    case SectorForm::kMode2Form1: return "form1";
    case SectorForm::kMode2Form2: return "form2";
    case SectorForm::kCdda: return "cdda";
  }
  return "unknown";
}

namespace {

// The address counts frames from 00:00:00; negative LBAs below the pregap wrap to the lead-in
// range that starts at 90:00:00 (mmc.md §1.2, "add 450,150 for negative LBA").
Msf framesToMsf(int32_t frames) {
  Msf msf;
  msf.minute = static_cast<uint8_t>(frames / (60 * kFramesPerSecond));
  msf.second = static_cast<uint8_t>((frames / kFramesPerSecond) % 60);
  msf.frame = static_cast<uint8_t>(frames % kFramesPerSecond);
  return msf;
}

int32_t lbaToFrames(int32_t lba) {
  return lba >= -kLbaToMsfOffset ? lba + kLbaToMsfOffset : lba + kLeadInMsfOffset;
}

}  // namespace

Result<Msf> lbaToMsf(int32_t lba) {
  if (lba < kMinLba || lba > kMaxLba) {
    ErrorContext context;
    context.lba = lba;
    return Status(ResultCode::kInvalidArgument,
                  "LBA " + std::to_string(lba) + " has no MSF address (valid: " + std::to_string(kMinLba) +
                      ".." + std::to_string(kMaxLba) + ")",
                  std::move(context));
  }
  return framesToMsf(lbaToFrames(lba));
}

void writeSyncAndHeader(uint8_t* sector, int32_t lba, uint8_t mode) {
  std::memcpy(sector, kSync, kSyncBytes);
  const Msf msf = framesToMsf(lbaToFrames(lba));
  sector[kHeaderOffset + 0] = toBcd(msf.minute);
  sector[kHeaderOffset + 1] = toBcd(msf.second);
  sector[kHeaderOffset + 2] = toBcd(msf.frame);
  sector[kHeaderOffset + 3] = mode;
}

}  // namespace dm::sector
