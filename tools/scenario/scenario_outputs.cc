// Scenario outputs (see scenario_outputs.h): the trace timeline, its CSV and SVG forms, and the
// report. The SVG is written by hand: two polylines (speed, buffer) over virtual time, red marks
// for underruns and green ones for relinks, axes with a few labelled ticks.
#include "tools/scenario/scenario_outputs.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tools/discmaster/burn_summary.h"

namespace dm::scenario {
namespace {

constexpr int kWidth = 800, kHeight = 360;
constexpr int kLeft = 60, kRight = 60, kTop = 40, kBottom = 50;
constexpr int kPlotW = kWidth - kLeft - kRight, kPlotH = kHeight - kTop - kBottom;

std::vector<std::string_view> tokens(std::string_view line) {
  std::vector<std::string_view> out;
  size_t at = 0;
  while (at < line.size()) {
    const size_t end = std::min(line.find(' ', at), line.size());
    if (end > at) out.push_back(line.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

// A round axis maximum at or above `v` (1, 2, 5 × 10^n).
double niceCeiling(double v) {
  if (v <= 0) return 1;
  double step = 1;
  while (step * 10 <= v) step *= 10;
  while (step > v) step /= 10;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * step >= v) return m * step;
  return 10 * step;
}

}  // namespace

std::string xmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

std::vector<TimelinePoint> timelineFromTrace(std::string_view trace, uint32_t buffer_bytes) {
  std::vector<TimelinePoint> out;
  double speed = 0;
  size_t at = 0;
  while (at < trace.size()) {
    const size_t end = std::min(trace.find('\n', at), trace.size());
    const std::vector<std::string_view> t = tokens(trace.substr(at, end - at));
    at = end + 1;
    if (t.size() < 3) continue;
    TimelinePoint p;
    std::string name;
    bool has_buffer = false, in_name = true;
    for (size_t i = 2; i < t.size(); ++i) {
      const size_t eq = t[i].find('=');
      if (eq == std::string_view::npos) {
        if (in_name) name += (name.empty() ? "" : " ") + std::string(t[i]);
        continue;
      }
      in_name = false;
      const std::string_view key = t[i].substr(0, eq), value = t[i].substr(eq + 1);
      const std::string v(value);
      if (key == "lba") p.lba = std::strtoll(v.c_str(), nullptr, 10);
      if (key == "head") speed = std::strtod(v.c_str(), nullptr);
      if (key == "buf" && buffer_bytes > 0) {
        p.buffer_pct = 100.0 * std::strtod(v.c_str(), nullptr) / buffer_bytes;
        has_buffer = true;
      }
    }
    const bool marker = name == "UNDERRUN" || name == "RELINK";
    if (!has_buffer && !marker) continue;
    p.event = name;
    p.speed_x = speed;
    p.t_ns = std::strtoll(std::string(marker ? t[0] : t[1]).c_str(), nullptr, 10);
    out.push_back(std::move(p));
  }
  return out;
}

std::string timelineCsv(const std::vector<TimelinePoint>& points) {
  std::string out = "t,lba,speed,buffer,event\n";
  for (const TimelinePoint& p : points) {
    out += fmt::format("{}.{:09},{},{:.3f},{},{}\n", p.t_ns / 1000000000, p.t_ns % 1000000000,
                       p.lba < 0 ? std::string() : std::to_string(p.lba), p.speed_x,
                       p.buffer_pct < 0 ? std::string() : fmt::format("{:.1f}", p.buffer_pct), p.event);
  }
  return out;
}

std::string timelineSvg(const std::vector<TimelinePoint>& points, const std::string& title) {
  int64_t t_end = 1;
  double speed_max = 1;
  for (const TimelinePoint& p : points) {
    t_end = std::max(t_end, p.t_ns);
    speed_max = std::max(speed_max, p.speed_x);
  }
  const double seconds = niceCeiling(static_cast<double>(t_end) / 1e9);
  speed_max = niceCeiling(speed_max);
  auto x = [&](int64_t t) { return kLeft + kPlotW * (static_cast<double>(t) / 1e9) / seconds; };
  auto ySpeed = [&](double s) { return kTop + kPlotH * (1.0 - s / speed_max); };
  auto yBuffer = [&](double b) { return kTop + kPlotH * (1.0 - b / 100.0); };

  std::ostringstream svg;
  svg << fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" font-family="sans-serif" font-size="11">)",
                     kWidth, kHeight, kWidth, kHeight)
      << "\n";
  svg << fmt::format(R"(<rect width="{}" height="{}" fill="white"/>)", kWidth, kHeight) << "\n";
  svg << fmt::format(R"(<text x="{}" y="20" font-size="14" text-anchor="middle">{}</text>)", kWidth / 2, xmlEscape(title)) << "\n";
  svg << fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#444"/>)", kLeft, kTop, kPlotW, kPlotH) << "\n";
  // Ticks: five on each axis.
  for (int i = 0; i <= 5; ++i) {
    const double fx = kLeft + kPlotW * i / 5.0, fy = kTop + kPlotH * i / 5.0;
    svg << fmt::format(R"(<line x1="{:.1f}" y1="{}" x2="{:.1f}" y2="{}" stroke="#ddd"/>)", fx, kTop, fx, kTop + kPlotH) << "\n";
    svg << fmt::format(R"(<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="#ddd"/>)", kLeft, fy, kLeft + kPlotW, fy) << "\n";
    svg << fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle">{:g} s</text>)", fx, kTop + kPlotH + 16, seconds * i / 5.0) << "\n";
    svg << fmt::format(R"(<text x="{}" y="{:.1f}" text-anchor="end" fill="#1f5fbf">{:g}x</text>)", kLeft - 6, fy + 4,
                       speed_max * (5 - i) / 5.0)
        << "\n";
    svg << fmt::format(R"(<text x="{}" y="{:.1f}" fill="#d07000">{}%</text>)", kLeft + kPlotW + 6, fy + 4, 100 * (5 - i) / 5) << "\n";
  }
  svg << fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">virtual time</text>)", kLeft + kPlotW / 2, kHeight - 12) << "\n";
  // The two series.
  std::string speed_line, buffer_line;
  for (const TimelinePoint& p : points) {
    if (p.event == "UNDERRUN" || p.event == "RELINK") continue;
    speed_line += fmt::format("{:.1f},{:.1f} ", x(p.t_ns), ySpeed(p.speed_x));
    if (p.buffer_pct >= 0) buffer_line += fmt::format("{:.1f},{:.1f} ", x(p.t_ns), yBuffer(std::min(p.buffer_pct, 100.0)));
  }
  svg << R"(<polyline fill="none" stroke="#d07000" stroke-width="1.2" points=")" << buffer_line << R"("/>)" << "\n";
  svg << R"(<polyline fill="none" stroke="#1f5fbf" stroke-width="1.5" points=")" << speed_line << R"("/>)" << "\n";
  // Underruns (red) and relinks (green): a vertical mark with its name.
  for (const TimelinePoint& p : points) {
    if (p.event != "UNDERRUN" && p.event != "RELINK") continue;
    const char* colour = p.event == "UNDERRUN" ? "#c00000" : "#008000";
    svg << fmt::format(R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" stroke="{3}" stroke-dasharray="4 2"/>)", x(p.t_ns),
                       kTop, kTop + kPlotH, colour)
        << "\n";
    svg << fmt::format(R"(<text x="{:.1f}" y="{}" fill="{}" text-anchor="middle">{}</text>)", x(p.t_ns), kTop - 4, colour,
                       p.event == "UNDERRUN" ? "underrun" : "relink")
        << "\n";
  }
  // Legend.
  svg << fmt::format(R"(<text x="{}" y="{}" fill="#1f5fbf">— write speed (x)</text>)", kLeft, kHeight - 12) << "\n";
  svg << fmt::format(R"(<text x="{}" y="{}" fill="#d07000" text-anchor="end">— drive buffer (%)</text>)", kLeft + kPlotW,
                     kHeight - 12)
      << "\n";
  svg << "</svg>\n";
  return svg.str();
}

std::string reportJson(const ReportInputs& in) {
  using Json = nlohmann::ordered_json;
  const Scenario& s = in.scenario;
  const burn::BurnReport& b = in.burn;
  Json clauses = Json::array();
  for (const ClauseResult& c : in.outcome.clauses)
    clauses.push_back({{"clause", c.clause}, {"expected", c.expected}, {"observed", c.observed}, {"held", c.held}});
  Json phases = Json::object();
  for (const burn::PhaseTime& p : b.phases) phases[p.name] = static_cast<double>(p.took.count()) / 1e9;
  Json report = {
      {"scenario", s.name},
      {"description", s.description},
      {"tags", s.tags},
      {"passed", in.outcome.passed()},
      {"error", in.outcome.error},
      {"clauses", clauses},
      {"result", in.outcome.result},
      {"message", b.status.message()},
      {"drive", s.profile},
      {"medium_before", in.medium_before},
      {"medium_after", in.medium_after},
      {"disc_state", in.disc_state},
      {"sessions", in.sessions},
      {"underruns", in.underruns},
      {"relinks", in.relinks},
      {"min_buf_pct", b.min_buffer_percent},
      {"virtual_seconds", in.outcome.virtual_seconds},
      {"host_feed_seconds", static_cast<double>(in.host_feed_ns) / 1e9},
      {"host_stall_seconds", static_cast<double>(in.host_stall_ns) / 1e9},
      {"simulate", b.simulate},
      {"bufe", b.bufe},
      {"accepted_speed_x", b.accepted_speed_x},
      {"average_speed_x", b.average_speed_x},
      {"start_lba", b.start_lba},
      {"image_blocks", b.image_blocks},
      {"padding_blocks", b.padding_blocks},
      {"blocks_written", b.blocks_written},
      {"write_commands", b.write_commands},
      {"verified", b.verified},
      {"quirks", b.quirks},
      {"phases", phases},
      {"cancel", cli::cancelRefusedJson(b)},
      {"trace_hash", fmt::format("{:016x}", in.trace_hash)},
  };
  return report.dump(2) + "\n";
}

Status writeText(const std::filesystem::path& path, std::string_view text) {
  std::ofstream f(path, std::ios::binary);
  f.write(text.data(), static_cast<std::streamsize>(text.size()));
  f.close();
  if (!f) return Status(ResultCode::kFileAccess, fmt::format("{}: cannot write", path.string()));
  return Status::Ok();
}

}  // namespace dm::scenario
