// What a scenario run leaves in --out DIR/<name>/: the timeline derived from the recorder's trace
// (trace.csv), a self-contained SVG plot of it (plot.svg: write speed and drive buffer over virtual
// time, underruns and relinks marked), and report.json. All deterministic: virtual time only,
// fixed key order, fixed number formatting, so two runs give the same bytes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/status.h"
#include "engine/burn/burn_report.h"
#include "tools/scenario/scenario.h"
#include "tools/scenario/scenario_runner.h"

namespace dm::scenario {

// Text made safe for XML and SVG character data and attribute values.
std::string xmlEscape(std::string_view text);

struct TimelinePoint {
  int64_t t_ns = 0;
  int64_t lba = -1;        // -1: the line names none
  double speed_x = 0;      // the head's speed at this point (the last one the trace named)
  double buffer_pct = -1;  // drive buffer fill; -1: the line does not say
  std::string event;       // the trace's command or event name: WRITE, UNDERRUN, RELINK, …
};

// One point per trace line that carries a buffer level, and per UNDERRUN and RELINK event.
std::vector<TimelinePoint> timelineFromTrace(std::string_view trace, uint32_t buffer_bytes);

// "t,lba,speed,buffer,event" rows, t in seconds with 9 decimals.
std::string timelineCsv(const std::vector<TimelinePoint>& points);

// The plot as a standalone SVG document.
std::string timelineSvg(const std::vector<TimelinePoint>& points, const std::string& title);

struct ReportInputs {
  const Scenario& scenario;
  const ScenarioOutcome& outcome;
  const burn::BurnReport& burn;
  std::string medium_before, medium_after, disc_state;
  uint32_t underruns = 0, relinks = 0;
  size_t sessions = 0;  // sessions recorded on the disc (not counting the empty one an open disc reports)
  uint64_t trace_hash = 0;
  int64_t host_feed_ns = 0, host_stall_ns = 0;
};

std::string reportJson(const ReportInputs& in);

Status writeText(const std::filesystem::path& path, std::string_view text);

}  // namespace dm::scenario
