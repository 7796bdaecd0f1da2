// What every CD burn does before its first WRITE, whatever the write type: wait for the drive,
// identify it and the medium, refuse what cannot be written (no disc, not CD-R/RW, a closed disc,
// a simulation on a drive without test write), set the speed and read back what the drive took.
// The findings go into the burn report as they are learned, so a failed burn reports them too.
#pragma once

#include "engine/base/status.h"
#include "engine/burn/burn_report.h"
#include "engine/burn/quirk_workarounds.h"
#include "engine/burn/tao_burner.h"
#include "engine/mmc/drive.h"

namespace dm::burn {

struct PreparedDrive {
  mmc::Capabilities caps;      // page 2Ah before the speed was set
  mmc::DiscInformation disc;   // the medium as found
};

// Disc information and the speed go through `quirks`, which works around the drives that answer
// them wrongly (quirk_workarounds.h).
Result<PreparedDrive> prepareDrive(mmc::Drive& drive, const BurnOptions& options, BurnReport& report,
                                   QuirkHandler& quirks);

// Keeps the drive's sense-specific code when it says more than "generic"; otherwise uses the
// phase's IMAPI code, and always says what the burn was doing.
Status remapPhase(Status s, ResultCode phase_code, std::string_view doing);

}  // namespace dm::burn
