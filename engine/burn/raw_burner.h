// Raw burning on a CD recorder: the whole disc from the lead-in to the end of the lead-out made
// on the host and sent as 2448-byte blocks — 2352 bytes of main data and 96 bytes of raw
// (interleaved) P–W sub-channel — with page 05 write type 3 (raw) and data block type 3, as
// cdrecord -raw96r and cdrdao's generic-mmc-raw driver write (mmc.md §4.1, §6.2, §6.3). The
// drive records what it is given: the TOC in the lead-in's Q, every pregap, index, ISRC and
// catalog frame, CD-TEXT in the lead-in's R–W (raw_layout.h says what each block holds).
//
// Sequence: the preparation every burn shares, READ TOC format 4 (ATIP: where the lead-in
// starts), MODE SELECT page 05 (raw, 2448-byte blocks), READ TRACK INFORMATION (room on the
// disc), PREVENT MEDIUM REMOVAL, WRITE(10) from the lead-in start through the lead-out, then
// SYNCHRONIZE CACHE, which waits until the drive is ready again. No cue sheet, no CLOSE: the
// lead-in and lead-out the host wrote close the disc.
//
// Main data (ECMA-130 §14–16, Annex B): audio as it is; a Mode 1 block as its complete sector —
// sync, header, EDC, ECC — and scrambled, because in raw mode the drive records the 2352 bytes
// without touching them, so the host does what a drive's encoder does in TAO/SAO. libburn
// (sector.c: sector_headers ends with scramble() when the write type is raw), cdrdao
// (CdrDriver's zero sectors: lec_encode_mode1_sector, then lec_scramble) and cdrecord
// (encsectors for -raw96r) all send data sectors scrambled. Audio is never scrambled.
#pragma once

#include "engine/burn/burn_report.h"
#include "engine/burn/dao_layout.h"
#include "engine/burn/progress.h"
#include "engine/burn/tao_burner.h"
#include "engine/mmc/drive.h"

namespace dm::burn {

inline constexpr uint32_t kRawBlockBytes = 2448;
inline constexpr uint8_t kDataBlockTypeRawPw = 3;  // page 05: 2352 + 96 raw P–W

// Burns `disc` raw on a blank disc as one closed session. Never throws; the report's status
// carries the result. A drive whose page 05 refuses write type 3 fails before anything is written
// (IMAPI_E_INITIALIZE_WRITE, naming page 05 and the sense), unless options.raw_fallback_to_dao,
// which writes the disc Disc-At-Once instead and says so in report.quirks. Progress: onTrack as
// each track's pregap begins, onBlocks over the whole stream (lead-in and lead-out included).
BurnReport burnRaw(mmc::Drive& drive, const DaoDisc& disc, const BurnOptions& options,
                   ProgressSink* progress = nullptr);

}  // namespace dm::burn
