// Burning one data image (a single Mode 1 track of 2048-byte blocks: the ISO 9660 image) on DVD
// media, the way libburn and growisofs write it (mmc.md §6.1, §6.4):
//  - DVD-R / DVD-RW sequential / DVD-R DL: Disc-At-Once for a closed disc (page 05 write type 2,
//    RESERVE TRACK of the whole size, WRITE, SYNCHRONIZE CACHE; the drive closes the disc), or
//    incremental when the disc stays open or already holds a session (page 05 write type 0, link
//    size 16, fixed packets of 16; CLOSE TRACK, CLOSE SESSION). Test Write simulates.
//  - DVD+R / DVD+R DL: no page 05; WRITE at the NWA, SYNCHRONIZE CACHE, CLOSE TRACK, then CLOSE
//    SESSION (disc stays appendable) or finalize with minimal radius (101b).
//  - DVD+RW: FORMAT UNIT 26h when unformatted, WRITE from LBA 0, SYNCHRONIZE CACHE, CLOSE 010b
//    (stops the background format and leaves the disc readable everywhere).
// DVD+R/+RW and BD have no Test Write: a simulation there is refused before anything is written.
// Writes are whole ECC blocks (16 blocks, 32 KiB); the image is padded with zeros to one.
#pragma once

#include "engine/burn/burn_report.h"
#include "engine/burn/progress.h"
#include "engine/burn/sector_source.h"
#include "engine/burn/tao_burner.h"
#include "engine/mmc/drive.h"

namespace dm::burn {

// DVD error-correction block: the write unit of every DVD medium.
inline constexpr uint32_t kDvdEccBlocks = 16;
inline constexpr uint32_t dvdPaddedBlocks(uint32_t blocks) {
  return (blocks + kDvdEccBlocks - 1) / kDvdEccBlocks * kDvdEccBlocks;
}

// Never throws; the report's status carries the result. options.pad_blocks (a CD TAO run-out
// guard) is not used: the image is padded to a whole ECC block. options.multisession leaves a
// DVD±R appendable; a DVD+RW is always overwritten from LBA 0.
BurnReport burnDvdData(mmc::Drive& drive, const SectorSource& image, const BurnOptions& options,
                       ProgressSink* progress = nullptr);

// Which burner writes a data image on the loaded medium: true for DVD and BD profiles (the DVD
// burner, which refuses what it cannot write with a message naming the medium), false for CD —
// and when the profile cannot be read, so the CD burner's preparation reports why.
bool dataBurnNeedsDvdBurner(mmc::Drive& drive);

// How burnDvdData would write the loaded medium with these options ("DVD-R DAO", "DVD+R
// sequential", …), read from the drive without writing: what a dry run shows.
Result<std::string> plannedDvdWriteMode(mmc::Drive& drive, const BurnOptions& options);

}  // namespace dm::burn
