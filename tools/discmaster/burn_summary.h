// The burn's end-of-run summary (cdrecord-style block with our additions, ecosystem.md §2), its
// JSON fields, and the --dry-run plan.
#pragma once

#include <string>

#include "engine/burn/burn_report.h"
#include "engine/burn/tao_burner.h"
#include "tools/discmaster/device.h"
#include "tools/discmaster/output.h"
#include "tools/discmaster/staging.h"

namespace dm::cli {

std::string burnSummary(const burn::BurnReport& report, const StagedImage& staged, const std::string& medium_before,
                        const std::string& medium_after, const Status& final_status);
Json burnSummaryJson(const burn::BurnReport& report, const StagedImage& staged, const std::string& medium_after);
// A cancel refused while the drive closed the disc, as one line ("refused: asked at 12.34 s while
// closing; …"), empty when there was none; and as JSON (null when there was none).
std::string cancelRefusedText(const burn::BurnReport& report);
Json cancelRefusedJson(const burn::BurnReport& report);
// What a data burn would do, as burn_command.cc works it out for the medium and the options.
struct DataPlan {
  std::string write_type;  // "TAO", "DAO (Session-At-Once)", "raw …", "DVD+R sequential", "BD-R sequential", …
  uint32_t track_blocks = 0;  // image plus padding
  std::string session;     // what the disc is left as
  uint32_t write_unit = 1;  // blocks a WRITE(10) carries a multiple of (DVD 16, BD 32)
  std::string before;      // what is done to the medium before writing (a format), if anything
};
std::string dryRunPlan(const OpenDevice& device, const StagedImage& staged, const burn::BurnOptions& options,
                       const DataPlan& plan);

}  // namespace dm::cli
