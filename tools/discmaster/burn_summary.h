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
std::string dryRunPlan(const OpenDevice& device, const StagedImage& staged, const burn::BurnOptions& options);

}  // namespace dm::cli
