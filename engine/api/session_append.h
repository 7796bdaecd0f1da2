// Appending a Joliet session to an appendable disc (imapi.md §1.1, §5.3): what is read from the
// disc when the recorder is chosen — the last session's tree (layout/session_import.h), where the
// new session will start — and the check at record time that the same disc is still in the drive.
// A disc is the same when its last session starts at the same block with the same primary volume
// descriptor (volume id, dates, root location) and its next writable address has not moved.
#pragma once

#include <cstdint>

#include "engine/base/result.h"
#include "engine/layout/session_import.h"
#include "engine/mmc/drive.h"

namespace dm::api {

struct AppendTarget {
  layout::ImportedSession session;
  uint32_t next_writable = 0;  // where the new session's track will start
};

// Reads blocks with READ(10), in chunks a drive accepts.
layout::BlockReader driveBlockReader(mmc::Drive& drive);

// Imports the last session of the appendable disc in `drive` (READ TOC format 1 for its first
// track, then its descriptors and tree). Errors: those of importSession — among them
// IMAPI_E_CANNOT_WRITE_TO_MEDIA when the last session holds no ISO 9660 file system — and the
// drive's.
Result<AppendTarget> readAppendTarget(mmc::Drive& drive);

// IMAPI_E_WRONGDISC unless the disc in `drive` is still the one `target` was read from.
Status checkSameDisc(mmc::Drive& drive, const AppendTarget& target);

}  // namespace dm::api
