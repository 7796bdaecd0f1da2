// The scenario runner (see scenario_runner.h).
#include "tools/scenario/scenario_runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "emulator/drive/profile_loader.h"
#include "emulator/media/medium_kind.h"
#include "engine/burn/tao_burner.h"
#include "engine/layout/iso_sector_source.h"
#include "engine/mmc/drive.h"
#include "tools/discmaster/device.h"
#include "tools/discmaster/staging.h"
#include "tools/glue/virtual_transport.h"
#include "tools/scenario/host_feed.h"
#include "tools/judges/judges.h"
#include "tools/scenario/scenario_outputs.h"

namespace dm::scenario {
namespace fs = std::filesystem;
namespace {

// Generated trees and the image dates are pinned, so a scenario's disc is the same every run.
constexpr int64_t kPinnedEpoch = 1700000000;  // 2023-11-14T22:13:20Z

uint64_t nextRandom(uint64_t& state) {  // xorshift64*
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 0x2545F4914F6CDD1DULL;
}

void pinTime(const fs::path& p) {
  std::error_code ec;
  const auto t = std::chrono::file_clock::from_sys(std::chrono::sys_seconds(std::chrono::seconds(kPinnedEpoch)));
  fs::last_write_time(p, t, ec);
}

// `files` files of pseudo-random bytes from `seed`, `bytes` in all, in a few folders under `root`.
Status generateTree(const fs::path& root, uint64_t seed, int files, uint64_t bytes) {
  std::error_code ec;
  fs::remove_all(root, ec);
  fs::create_directories(root, ec);
  if (ec) return Status(ResultCode::kFileAccess, fmt::format("{}: {}", root.string(), ec.message()));
  uint64_t state = seed * 0x9E3779B97F4A7C15ULL + 1;
  std::vector<char> buffer(1 << 16);
  for (int i = 0; i < files; ++i) {
    const fs::path dir = root / fmt::format("dir{}", i % 3);
    fs::create_directories(dir, ec);
    const fs::path file = dir / fmt::format("file{:04}.bin", i);
    uint64_t left = bytes / static_cast<uint64_t>(files) + (static_cast<uint64_t>(i) < bytes % static_cast<uint64_t>(files) ? 1 : 0);
    std::ofstream out(file, std::ios::binary);
    while (left > 0) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(left, buffer.size()));
      for (size_t k = 0; k < n; k += 8) {
        const uint64_t r = nextRandom(state);
        for (size_t b = 0; b < 8 && k + b < n; ++b) buffer[k + b] = static_cast<char>(r >> (8 * b));
      }
      out.write(buffer.data(), static_cast<std::streamsize>(n));
      left -= n;
    }
    out.close();
    if (!out) return Status(ResultCode::kFileAccess, fmt::format("{}: cannot write", file.string()));
    pinTime(file);
  }
  for (int d = 0; d < std::min(files, 3); ++d) pinTime(root / fmt::format("dir{}", d));
  pinTime(root);
  return Status::Ok();
}

Result<cli::StagedImage> stage(const fs::path& root, const std::string& volume) {
  cli::StageOptions options;
  options.paths = {root};
  options.volume_name = volume;
  return cli::stageImage(options);
}

// The sessions a non-blank medium carries before the scenario: small burns of their own.
Status burnPriorSessions(const Scenario& s, glue::VirtualTransport& transport, const fs::path& dir) {
  for (int i = 0; i < s.prior_sessions; ++i) {
    const fs::path root = dir / fmt::format("prior{}", i);
    if (Status st = generateTree(root, s.seed + 1000 + static_cast<uint64_t>(i), 2, 64 * 1024); !st.ok()) return st;
    auto staged = stage(root, fmt::format("PRIOR{}", i));
    if (!staged) return staged.error();
    mmc::Drive drive(transport);
    layout::IsoSectorSource source(*staged->image);
    burn::BurnOptions options;
    options.multisession = !(s.medium_state == "closed" && i + 1 == s.prior_sessions);
    const burn::BurnReport r = burn::burnDataTrack(drive, source, options);
    if (!r.status.ok()) return Status(r.status.code(), fmt::format("medium: prior session {}: {}", i + 1, r.status.message()));
  }
  return Status::Ok();
}

void check(ScenarioOutcome& o, const std::string& clause, const std::optional<Comparison>& c, double observed) {
  if (!c) return;
  o.clauses.push_back({clause, c->text, fmt::format("{}", observed), c->holds(observed)});
}

void checkText(ScenarioOutcome& o, const std::string& clause, const std::optional<std::string>& expected,
               const std::string& observed) {
  if (!expected) return;
  o.clauses.push_back({clause, *expected, observed, *expected == observed});
}

// "line N: <the line>" for the trace line holding offset `at`.
std::string traceLineAt(const std::string& trace, size_t at) {
  const size_t begin = trace.rfind('\n', at) == std::string::npos ? 0 : trace.rfind('\n', at) + 1;
  const size_t end = std::min(trace.find('\n', at), trace.size());
  const auto line = 1 + std::count(trace.begin(), trace.begin() + static_cast<std::ptrdiff_t>(begin), '\n');
  return fmt::format("line {}: {}", line, trace.substr(begin, end - begin));
}

}  // namespace

bool ScenarioOutcome::passed() const {
  if (!error.empty()) return false;
  for (const ClauseResult& c : clauses)
    if (!c.held) return false;
  return true;
}

std::vector<std::string> ScenarioOutcome::failures() const {
  std::vector<std::string> out;
  if (!error.empty()) out.push_back(error);
  for (const ClauseResult& c : clauses)
    if (!c.held) out.push_back(fmt::format("{}: expected {}, observed {}", c.clause, c.expected, c.observed));
  return out;
}

ScenarioOutcome runScenario(const Scenario& s, const RunOptions& options) {
  ScenarioOutcome o;
  o.name = s.name;
  const fs::path dir = options.out_dir / s.name;
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) {
    o.error = fmt::format("{}: {}", dir.string(), ec.message());
    return o;
  }
  // Image dates from SOURCE_DATE_EPOCH: pinned unless the caller pinned them already.
  setenv("SOURCE_DATE_EPOCH", std::to_string(kPinnedEpoch).c_str(), 0);

  fs::path root = s.stage_folder;
  if (root.empty()) {
    root = dir / "stage";
    if (Status st = generateTree(root, s.stage_seed, s.stage_files, s.stage_bytes); !st.ok()) {
      o.error = "stage: " + st.toString();
      return o;
    }
  }
  auto staged = stage(root, s.volume_name);
  if (!staged) {
    o.error = "stage: " + staged.error().toString();
    return o;
  }

  vrec::ProfileLoad load = vrec::findDriveProfile(cli::profileDirectory(), s.profile);
  if (!load.ok()) {
    o.error = "drive: " + load.error;
    return o;
  }
  vrec::DriveProfile profile = std::move(*load.profile);
  if (s.underrun_protection) profile.underrun_protection = *s.underrun_protection;
  const uint32_t buffer_bytes = profile.buffer_bytes;
  vrec::Recorder recorder(std::move(profile), vrec::Medium::blank(*vrec::parseMediumKind(s.medium_type)));
  glue::VirtualTransport transport(recorder, "virtual:" + s.profile);
  if (Status st = burnPriorSessions(s, transport, dir); !st.ok()) {
    o.error = st.toString();
    return o;
  }
  const std::string medium_before = recorder.medium().describe();
  const vrec::Ticks start = recorder.now();

  mmc::Drive drive(transport);
  Status blank_status;
  if (s.blank != "none") {
    blank_status = drive.blank(s.blank == "full" ? mmc::BlankType::kFull : mmc::BlankType::kMinimal);
  }
  layout::IsoSectorSource image(*staged->image);
  HostFeed feed(image, recorder, s.feed_bytes_per_second, s.stalls, s.jitter_fraction, s.seed);
  burn::BurnOptions burn_options;
  burn_options.simulate = s.simulate;
  burn_options.speed_x = s.speed_x;
  burn_options.buffer_underrun_protection = s.bufe;
  burn_options.verify = s.verify;
  burn_options.multisession = s.multisession;
  burn::BurnReport report;
  if (blank_status.ok()) {
    report = burn::burnDataTrack(drive, feed, burn_options);
  } else {
    report.status = blank_status;
  }

  o.result = std::string(report.status.codeName());
  o.virtual_seconds = static_cast<double>(recorder.now() - start) / 1e9;
  const std::string disc_state = !report.disc_after.empty() ? report.disc_after : report.disc_before;

  // The expectations, always in this order.
  const Expectations& e = s.expect;
  if (e.result) checkText(o, "expect.result", std::string(resultCodeName(*e.result)), o.result);
  check(o, "expect.underruns", e.underruns, recorder.underrunCount());
  check(o, "expect.relinks", e.relinks, recorder.relinkCount());
  checkText(o, "expect.disc_state", e.disc_state, disc_state);
  check(o, "expect.sessions", e.sessions, static_cast<double>(recorder.medium().sessions().size()));
  check(o, "expect.min_buf_pct", e.min_buf_pct, report.min_buffer_percent);
  check(o, "expect.virtual_seconds", e.virtual_seconds, o.virtual_seconds);
  check(o, "expect.blocks_written", e.blocks_written, report.blocks_written);
  if (e.verified) {
    const bool verified = report.verified && !report.verify_mismatch_lba.has_value();
    o.clauses.push_back({"expect.verified", *e.verified ? "true" : "false", verified ? "true" : "false", verified == *e.verified});
  }
  if (e.image_matches_source) {
    std::string observed = "true";
    const fs::path iso = dir / "image.iso";
    if (auto err = recorder.exportIso(iso)) {
      observed = "no image: " + err->message;
    } else {
      const std::vector<std::string> diffs = judges::judgeImage(iso, root, dir / "judge");
      if (!diffs.empty()) observed = fmt::format("false ({} differences, first: {})", diffs.size(), diffs.front());
    }
    fs::remove(iso, ec);
    fs::remove_all(dir / "judge", ec);
    const bool matches = observed == "true";
    o.clauses.push_back({"expect.image_matches_source", *e.image_matches_source ? "true" : "false",
                         observed, matches == *e.image_matches_source});
  }
  if (s.stage_folder.empty()) fs::remove_all(root, ec);  // generated: reproducible from the seed

  const std::string trace = recorder.traceText();
  for (const std::string& text : e.trace_contains) {
    const size_t at = trace.find(text);
    o.clauses.push_back({"expect.trace_contains", fmt::format("a line containing '{}'", text), at == std::string::npos ? "absent" : traceLineAt(trace, at),
                         at != std::string::npos});
  }
  for (const std::string& text : e.trace_lacks) {
    const size_t at = trace.find(text);
    o.clauses.push_back({"expect.trace_lacks", fmt::format("no line containing '{}'", text), at == std::string::npos ? "absent" : traceLineAt(trace, at),
                         at == std::string::npos});
  }
  const std::vector<TimelinePoint> timeline = timelineFromTrace(trace, buffer_bytes);
  ReportInputs in{s, o, report, medium_before, recorder.medium().describe(), disc_state,
                  recorder.underrunCount(), recorder.relinkCount(), recorder.medium().sessions().size(), recorder.traceHash(), feed.feedNs(), feed.stallNs()};
  Status written = writeText(dir / "trace.txt", trace);
  if (written.ok()) written = writeText(dir / "trace.csv", timelineCsv(timeline));
  if (written.ok()) written = writeText(dir / "plot.svg", timelineSvg(timeline, s.name));
  if (written.ok()) written = writeText(dir / "report.json", reportJson(in));
  if (!written.ok()) o.error = written.toString();
  return o;
}

}  // namespace dm::scenario
