// The ways a data image is written on DVD and BD media (mmc.md §2.5, §6.1, §6.4) and what each
// does differently: which one the medium, its state and the options call for; page 05 or none; a
// track reserved first; the write unit the track is padded to; the medium formatted first; how
// the disc is closed after writing and after a cancel; and what the disc is left as. The feed
// loop around them is the DVD/BD burner's (dvd_burner.h).
//  - DVD-R DAO / incremental, DVD+R, DVD+RW: see dvd_burner.h.
//  - BD-R (SRM): as DVD+R — no page 05, WRITE at the NWA (which is cluster aligned), CLOSE TRACK
//    001b, then CLOSE SESSION 010b (appendable) or finalize 110b. No track is reserved: a
//    cancelled burn would leave the drive padding the rest of the reservation.
//  - BD-RE: FORMAT UNIT 30h (spare areas, subtype 00b quick) when unformatted, WRITE from LBA 0,
//    SYNCHRONIZE CACHE and nothing to close.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/base/status.h"
#include "engine/burn/medium_kind.h"
#include "engine/mmc/drive.h"

namespace dm::burn {

enum class DiscStrategy : uint8_t { kDvdMinusRDao, kDvdMinusRIncremental, kDvdPlusR, kDvdPlusRw, kBdR, kBdRe };

// The strategy for `kind` in `status`; nullopt for media no strategy writes (CD, DVD-RAM, DVD-RW
// restricted overwrite, BD-R random recording, read-only).
std::optional<DiscStrategy> chooseDiscStrategy(MediumKind kind, mmc::DiscStatus status, bool multisession);
// "DVD-R DAO", "DVD-R incremental", "DVD+R sequential", "DVD+RW overwrite", "BD-R sequential",
// "BD-RE overwrite": the names reports, plans and scenarios use.
std::string_view strategyName(DiscStrategy s);
MediumKind strategyMedium(DiscStrategy s);
// Blocks a track is written and padded in: 16 on DVD, 32 on BD.
uint32_t strategyWriteUnit(DiscStrategy s);
// DVD+RW and BD-RE: the image replaces what the disc holds, from LBA 0; nothing is appended.
bool overwrites(DiscStrategy s);
// What the disc is left as after a burn ("closed: no further session", "left open for another
// session", "overwritten from LBA 0"), for the dry-run plan.
std::string_view discLeftAs(DiscStrategy s, bool multisession);

// The BD-RE format of an unformatted disc: the drive's first 30h descriptor (its default spare
// size, as libburn takes it), else its 00h one. Error when the drive offers neither.
Result<mmc::FormatDescriptor> chooseBdReFormat(mmc::Drive& drive);

// Where an overwrite (DVD+RW, BD-RE) goes: from LBA 0 of track `track`, over `blocks` — an
// unformatted BD-RE's once `format` (chooseBdReFormat) has run; otherwise the largest of track 1's
// size and free blocks and the disc's capacity (READ DISC INFORMATION bytes 20-23, unless
// FFFFFFFFh).
struct OverwriteArea {
  uint16_t track = 1;
  uint32_t blocks = 0;
  std::optional<mmc::FormatDescriptor> format;
};
Result<OverwriteArea> overwriteArea(mmc::Drive& drive, DiscStrategy s, const mmc::DiscInformation& disc);

// After SYNCHRONIZE CACHE: the closing the strategy needs (none for DVD-R DAO and BD-RE).
Status closeAfterWriting(mmc::Drive& drive, DiscStrategy s, uint16_t track, bool multisession);
// After a cancel, best effort: an open sequential track closed (the disc stays appendable, the
// next session starts after it), a DVD+RW's background format stopped with a lead-out.
void closeAfterCancel(mmc::Drive& drive, DiscStrategy s, uint16_t track);

}  // namespace dm::burn
