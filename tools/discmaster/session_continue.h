// Staging a new session for an appendable disc (`burn --multisession`, scenarios): where the
// session begins and, after a data session, the tree it continues.
#pragma once

#include "engine/base/status.h"
#include "engine/mmc/drive.h"
#include "tools/discmaster/staging.h"

namespace dm::cli {

// On an appendable disc, with `continue_data`, the new session continues the last one's tree (as
// IMAPI does, imapi.md §5.3), so the disc shows the old files and the new ones. After an audio
// session (CD-Extra, the "enhanced CD"), or without `continue_data`, the new image stands alone
// but is addressed from the block where its session begins, so a reader of that session finds
// its files. Any other disc (blank, closed, none): `stage` is left as it is.
Status continueLastSession(mmc::Drive& drive, StageOptions& stage, bool continue_data = true);

}  // namespace dm::cli
