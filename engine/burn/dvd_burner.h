// Burning one data image (a single Mode 1 track of 2048-byte blocks: the ISO 9660 image) on DVD
// and BD media, the way libburn and growisofs write it (mmc.md §6.1, §6.4); the strategies and
// what each does differently are in disc_strategy.h:
//  - DVD-R / DVD-RW sequential / DVD-R DL: Disc-At-Once for a closed disc (page 05 write type 2,
//    RESERVE TRACK of the whole size, WRITE, SYNCHRONIZE CACHE; the drive closes the disc), or
//    incremental when the disc stays open or already holds a session (page 05 write type 0, link
//    size 16, fixed packets of 16; CLOSE TRACK, CLOSE SESSION). Test Write simulates.
//  - DVD+R / DVD+R DL: no page 05; WRITE at the NWA, SYNCHRONIZE CACHE, CLOSE TRACK, then CLOSE
//    SESSION (disc stays appendable) or finalize with minimal radius (101b).
//  - DVD+RW: FORMAT UNIT 26h when unformatted, WRITE from LBA 0, SYNCHRONIZE CACHE, CLOSE 010b
//    (stops the background format and leaves the disc readable everywhere).
//  - BD-R (SRM): as DVD+R on 32-block clusters at a cluster-aligned NWA; finalize is 110b.
//  - BD-RE: FORMAT UNIT 30h (spare areas, quick) when unformatted, WRITE from LBA 0,
//    SYNCHRONIZE CACHE only.
// DVD+R/+RW and BD have no Test Write: a simulation there is refused before anything is written.
// Writes are whole write units (DVD: 16-block ECC blocks, 32 KiB; BD: 32-block clusters, 64 KiB);
// the image is padded with zeros to one. Speeds are set and reported in the medium's 1x.
#pragma once

#include <string>

#include "engine/burn/burn_report.h"
#include "engine/burn/disc_strategy.h"
#include "engine/burn/medium_kind.h"
#include "engine/burn/progress.h"
#include "engine/burn/sector_source.h"
#include "engine/burn/tao_burner.h"
#include "engine/mmc/drive.h"

namespace dm::burn {

inline constexpr uint32_t dvdPaddedBlocks(uint32_t blocks) { return paddedToUnit(blocks, kDvdEccBlocks); }

// Never throws; the report's status carries the result. options.pad_blocks (a CD TAO run-out
// guard) is not used: the image is padded to a whole write unit. options.multisession leaves a
// DVD±R or BD-R appendable; a DVD+RW or BD-RE is always overwritten from LBA 0.
BurnReport burnDvdData(mmc::Drive& drive, const SectorSource& image, const BurnOptions& options,
                       ProgressSink* progress = nullptr);

// Which burner writes a data image on the loaded medium: true for DVD and BD profiles (this
// burner, which refuses what it cannot write with a message naming the medium), false for CD —
// and when the profile cannot be read, so the CD burner's preparation reports why.
bool dataBurnNeedsDvdBurner(mmc::Drive& drive);

// How burnDvdData would write the loaded medium with these options, read from the drive without
// writing: what a dry run shows.
struct DiscWritePlan {
  std::string write_mode;    // "DVD-R DAO", "BD-R sequential", … or "<kind>: not written here"
  uint32_t write_unit = 16;  // blocks the track is padded to
  std::string before;        // a format first ("FORMAT UNIT 30h …"), else empty
  std::string disc_after;    // disc_strategy.h discLeftAs
};
Result<DiscWritePlan> plannedDiscWrite(mmc::Drive& drive, const BurnOptions& options);
// The plan's write mode alone.
Result<std::string> plannedDvdWriteMode(mmc::Drive& drive, const BurnOptions& options);

}  // namespace dm::burn
