// DVD and BD write strategies (see disc_strategy.h).
#include "engine/burn/disc_strategy.h"

#include <fmt/format.h>

#include <algorithm>

namespace dm::burn {

std::optional<DiscStrategy> chooseDiscStrategy(MediumKind kind, mmc::DiscStatus status, bool multisession) {
  switch (kind) {
    case MediumKind::kDvdMinusR:
      // DAO writes a whole disc in one pass; a disc left open, or one that already holds a
      // session, is written incrementally.
      return !multisession && status == mmc::DiscStatus::kBlank ? DiscStrategy::kDvdMinusRDao
                                                                 : DiscStrategy::kDvdMinusRIncremental;
    case MediumKind::kDvdPlusR: return DiscStrategy::kDvdPlusR;
    case MediumKind::kDvdPlusRw: return DiscStrategy::kDvdPlusRw;
    case MediumKind::kBdR: return DiscStrategy::kBdR;
    case MediumKind::kBdRe: return DiscStrategy::kBdRe;
    default: return std::nullopt;
  }
}

std::string_view strategyName(DiscStrategy s) {
  switch (s) {
    case DiscStrategy::kDvdMinusRDao: return "DVD-R DAO";
    case DiscStrategy::kDvdMinusRIncremental: return "DVD-R incremental";
    case DiscStrategy::kDvdPlusR: return "DVD+R sequential";
    case DiscStrategy::kDvdPlusRw: return "DVD+RW overwrite";
    case DiscStrategy::kBdR: return "BD-R sequential";
    case DiscStrategy::kBdRe: return "BD-RE overwrite";
  }
  return "DVD";
}

MediumKind strategyMedium(DiscStrategy s) {
  switch (s) {
    case DiscStrategy::kDvdMinusRDao:
    case DiscStrategy::kDvdMinusRIncremental: return MediumKind::kDvdMinusR;
    case DiscStrategy::kDvdPlusR: return MediumKind::kDvdPlusR;
    case DiscStrategy::kDvdPlusRw: return MediumKind::kDvdPlusRw;
    case DiscStrategy::kBdR: return MediumKind::kBdR;
    case DiscStrategy::kBdRe: return MediumKind::kBdRe;
  }
  return MediumKind::kNone;
}

uint32_t strategyWriteUnit(DiscStrategy s) { return writeUnitBlocks(strategyMedium(s)); }

bool overwrites(DiscStrategy s) { return s == DiscStrategy::kDvdPlusRw || s == DiscStrategy::kBdRe; }

std::string_view discLeftAs(DiscStrategy s, bool multisession) {
  if (overwrites(s)) return "overwritten from LBA 0 (the image replaces what the disc held)";
  if (s == DiscStrategy::kDvdMinusRDao) return "closed after the track";
  if (multisession) return "left open for another session";
  return s == DiscStrategy::kDvdMinusRIncremental ? "closed after the track" : "finalized: no further session";
}

Result<mmc::FormatDescriptor> chooseBdReFormat(mmc::Drive& drive) {
  DM_ASSIGN_OR_RETURN(mmc::FormatCapacities caps, drive.formatCapacities());
  for (const uint8_t wanted : {uint8_t{0x30}, uint8_t{0x00}}) {
    for (const mmc::FormatDescriptor& d : caps.formats) {
      if (d.type == wanted && d.blocks > 0) return d;
    }
  }
  return Status(ResultCode::kMediumInvalidType,
                fmt::format("the BD-RE offers no format with spare areas (READ FORMAT CAPACITIES lists {} formats)",
                            caps.formats.size()));
}

Result<OverwriteArea> overwriteArea(mmc::Drive& drive, DiscStrategy s, const mmc::DiscInformation& disc) {
  OverwriteArea area;
  if (s == DiscStrategy::kBdRe && disc.status == mmc::DiscStatus::kBlank) {
    DM_ASSIGN_OR_RETURN(area.format, chooseBdReFormat(drive));
    area.blocks = area.format->blocks;
    return area;
  }
  DM_ASSIGN_OR_RETURN(mmc::TrackInformation first, drive.trackInformation(mmc::TrackAddressType::kTrack, 1));
  area.track = first.track ? first.track : 1;
  // A finalized disc reports FFFFFFFFh there (no lead-out can follow): then the track tells.
  const uint32_t capacity = disc.last_possible_leadout_address == 0xFFFFFFFF ? 0 : disc.last_possible_leadout_address;
  area.blocks = std::max({first.track_size, first.free_blocks, capacity});
  return area;
}

Status closeAfterWriting(mmc::Drive& drive, DiscStrategy s, uint16_t track, bool multisession) {
  const auto closeTrack = [&] {
    return drive.close(mmc::CloseFunction::kTrack, track).withPrefix(fmt::format("closing track {}", track));
  };
  switch (s) {
    case DiscStrategy::kDvdMinusRDao:
      return Status::Ok();  // SYNCHRONIZE CACHE ended the DAO session: the drive closed the disc
    case DiscStrategy::kDvdMinusRIncremental:
      DM_TRY(closeTrack());
      // Page 05's multisession field decides whether the border-out leaves the disc appendable.
      return drive.close(mmc::CloseFunction::kSession).withPrefix("closing the session");
    case DiscStrategy::kDvdPlusR:
      DM_TRY(closeTrack());
      if (multisession) return drive.close(mmc::CloseFunction::kSession).withPrefix("closing the session");
      return drive.close(mmc::CloseFunction::kFinalizeMinimalRadius).withPrefix("finalizing the disc");
    case DiscStrategy::kBdR:
      DM_TRY(closeTrack());
      if (multisession) return drive.close(mmc::CloseFunction::kSession).withPrefix("closing the session");
      // BD-R has no minimal-radius finalize (101b is DVD+R's): 110b (mmc.md §2.5).
      return drive.close(mmc::CloseFunction::kFinalize).withPrefix("finalizing the disc");
    case DiscStrategy::kDvdPlusRw:
      // Stops the background format compatibly: the drive writes a lead-out after the data.
      return drive.close(mmc::CloseFunction::kSession).withPrefix("stopping the background format");
    case DiscStrategy::kBdRe:
      return Status::Ok();  // random access: SYNCHRONIZE CACHE wrote everything (growisofs, mmc.md §6.4)
  }
  return Status::Ok();
}

void closeAfterCancel(mmc::Drive& drive, DiscStrategy s, uint16_t track) {
  switch (s) {
    case DiscStrategy::kDvdMinusRIncremental:
    case DiscStrategy::kDvdPlusR:
    case DiscStrategy::kBdR: (void)drive.close(mmc::CloseFunction::kTrack, track); break;
    case DiscStrategy::kDvdPlusRw: (void)drive.close(mmc::CloseFunction::kSession); break;
    // A DAO DVD-R cannot be completed short of its reservation and is left as the drive has it;
    // a BD-RE holds what was written, as any random-access disc.
    case DiscStrategy::kDvdMinusRDao:
    case DiscStrategy::kBdRe: break;
  }
}

}  // namespace dm::burn
