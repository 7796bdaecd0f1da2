// Table-of-contents expectations (see scenario_checks.h).
#include "tools/scenario/scenario_checks.h"

#include <fmt/format.h>

#include <regex>
#include <sstream>

#include "tools/judges/subprocess.h"

namespace dm::scenario {
namespace fs = std::filesystem;
namespace {

std::string tocText(const std::vector<Expectations::TocEntry>& toc) {
  std::string out;
  for (const Expectations::TocEntry& t : toc) {
    out += fmt::format("{}{}+{}", out.empty() ? "" : ", ", t.start, t.length);
    if (t.isrc) out += fmt::format(" {}", t.isrc->empty() ? "no ISRC" : *t.isrc);
  }
  return out.empty() ? "no tracks" : out;
}

// "start+length" per track as the recorder holds it, with ISRCs where `expected` names them.
std::string observedToc(const vrec::Medium& medium, const std::vector<Expectations::TocEntry>& expected) {
  std::vector<Expectations::TocEntry> seen;
  for (size_t i = 0; i < medium.tracks().size(); ++i) {
    const vrec::Track& t = medium.tracks()[i];
    Expectations::TocEntry entry;
    entry.start = t.start_lba;
    entry.length = t.recorded_sectors;
    if (i < expected.size() && expected[i].isrc) entry.isrc = t.isrc;
    seen.push_back(entry);
  }
  return tocText(seen);
}

// "start, start, …, lead-out" from cd-info's track list of `cue`, or why there is none.
std::string cdInfoStarts(const fs::path& cue) {
  const judges::ProcessResult r =
      judges::run({"env", "LC_ALL=C", "cd-info", "--no-device-info", "--no-cddb", "--cue-file", cue.string()});
  if (r.exit_code != 0) return fmt::format("cd-info failed ({}): {}", r.exit_code, r.err.substr(0, r.err.find('\n')));
  // "  1: 00:02:00  000000 audio …" and "170: 00:13:49  000874 leadout …"
  static const std::regex line(R"(^\s*(\d+): \d\d:\d\d:\d\d\s+(\d+) (audio|data|leadout))");
  std::istringstream in(r.out);
  std::string text, out;
  while (std::getline(in, text)) {
    std::smatch m;
    if (std::regex_search(text, m, line)) out += fmt::format("{}{}", out.empty() ? "" : ", ", std::stoi(m[2].str()));
  }
  return out.empty() ? "cd-info listed no tracks" : out;
}

}  // namespace

void checkDiscLayout(ScenarioOutcome& o, const Expectations& e, const vrec::Medium& medium, const fs::path& scratch) {
  if (e.toc) {
    const std::string expected = tocText(*e.toc), observed = observedToc(medium, *e.toc);
    o.clauses.push_back({"expect.toc", expected, observed, expected == observed});
  }
  if (e.catalog) {
    const std::string observed = medium.mcn().empty() ? "none" : medium.mcn();
    o.clauses.push_back({"expect.catalog", *e.catalog, observed, observed == *e.catalog});
  }
  if (e.exported_cue_matches) {
    std::string toc;
    for (const vrec::Track& t : medium.tracks()) toc += fmt::format("{}{}", toc.empty() ? "" : ", ", t.start_lba);
    if (const auto lead_out = medium.lastLeadOutLba()) toc += fmt::format(", {}", *lead_out);
    std::error_code ec;
    fs::create_directories(scratch, ec);
    const fs::path cue = scratch / "image.cue";
    std::string observed;
    if (auto err = medium.exportBinCue(cue)) {
      observed = "no image: " + *err;
    } else {
      observed = cdInfoStarts(cue);
    }
    fs::remove_all(scratch, ec);
    const bool same = observed == toc;
    o.clauses.push_back({"expect.exported_cue_matches", *e.exported_cue_matches ? "true" : "false",
                         same ? "true" : fmt::format("false (cd-info: {}; the disc: {})", observed, toc),
                         same == *e.exported_cue_matches});
  }
}

}  // namespace dm::scenario
