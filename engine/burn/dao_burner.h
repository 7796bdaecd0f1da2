// Disc-At-Once (Session-At-Once) burning on a CD recorder: the whole session in one pass, as
// cdrdao and cdrecord -dao write it (mmc.md §6.2, §6.3) — write parameters with write type SAO,
// SEND CUE SHEET, then every block from the lead-in's CD-TEXT (when there is any) or the first
// pregap through the last track, pregaps as digital silence (or zero data), and SYNCHRONIZE CACHE,
// which has the drive write the lead-out and close the session. Gapless tracks, per-track pregaps,
// index points, ISRCs, the catalog number and CD-TEXT are what it adds over Track-At-Once.
#pragma once

#include "engine/burn/burn_report.h"
#include "engine/burn/dao_layout.h"
#include "engine/burn/progress.h"
#include "engine/burn/tao_burner.h"
#include "engine/mmc/drive.h"

namespace dm::burn {

// Never throws; the report's status carries the result. Progress: onTrack as each track's pregap
// begins, onBlocks over the whole session.
BurnReport burnDiscAtOnce(mmc::Drive& drive, const DaoDisc& disc, const BurnOptions& options,
                          ProgressSink* progress = nullptr);

}  // namespace dm::burn
