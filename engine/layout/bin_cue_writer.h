// BinCueWriter: a data image as a CDRWIN BIN/CUE pair — every 2048-byte block formatted on the host
// into a raw 2352-byte Mode 1 sector (sync, header with its MSF address from 00:02:00, EDC, P/Q
// ECC) by the sector pipeline, and the sheet "TRACK 01 MODE1/2352". What emulators, `cdrdao
// write` and raw burners take; the sector encoder runs at memory speed (bench/README.md).
#pragma once

#include <filesystem>

#include "engine/base/status.h"
#include "engine/burn/sector_source.h"

namespace dm::layout {

// Writes `cue` and the BIN beside it (the same name with .bin) from the 2048-byte blocks of
// `image`. Errors name the file and the OS reason; a half-written pair is removed.
Status writeBinCue(const burn::SectorSource& image, const std::filesystem::path& cue);

}  // namespace dm::layout
