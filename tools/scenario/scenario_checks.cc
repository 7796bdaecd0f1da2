// Table-of-contents expectations (see scenario_checks.h).
#include "tools/scenario/scenario_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <regex>
#include <span>
#include <sstream>
#include <vector>

#include "emulator/media/medium_file.h"
#include "tools/judges/subprocess.h"

namespace dm::scenario {
namespace fs = std::filesystem;
namespace {

std::string tocText(const std::vector<Expectations::TocEntry>& toc) {
  std::string out;
  for (const Expectations::TocEntry& t : toc) {
    out += fmt::format("{}{}+{}", out.empty() ? "" : ", ", t.start, t.length);
    if (t.isrc) out += fmt::format(" {}", t.isrc->empty() ? "no ISRC" : *t.isrc);
    if (t.control) out += fmt::format(" control {}", *t.control);
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
    if (i < expected.size() && expected[i].control) entry.control = t.control;
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
    if (!std::regex_search(text, m, line)) continue;
    out += fmt::format("{}{}", out.empty() ? "" : ", ", std::stoi(m[2].str()));
    if (m[3].str() != "leadout") out += " " + m[3].str();
  }
  return out.empty() ? "cd-info listed no tracks" : out;
}

// The first `n` bytes of `file` equal `want`: "" or where they differ.
std::string compareFile(std::ifstream& file, std::span<const uint8_t> want, uint64_t& offset) {
  std::vector<char> got(want.size());
  file.read(got.data(), static_cast<std::streamsize>(got.size()));
  if (static_cast<size_t>(file.gcount()) != got.size()) return fmt::format("ends before byte {}", offset + want.size());
  for (size_t k = 0; k < want.size(); ++k) {
    if (static_cast<uint8_t>(got[k]) != want[k]) return fmt::format("byte {} differs", offset + k);
  }
  offset += want.size();
  return "";
}

// The disc as BIN/CUE, split by bchunk into one file per track: "true" when each track's file
// begins with its source's blocks from index 1 (bchunk runs a track on to the next one's index 1,
// so the next pregap may follow), and isoinfo reads a data track's volume descriptor.
std::string exportedTracksAgainst(const vrec::Medium& medium, const burn::DaoDisc& disc, const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  const fs::path cue = dir / "disc.cue";
  if (auto err = medium.exportBinCue(cue)) return "no image: " + *err;
  const judges::ProcessResult split =
      judges::run({"bchunk", (dir / "disc.bin").string(), cue.string(), (dir / "track").string()});
  if (split.exit_code != 0) return fmt::format("bchunk failed ({}): {}", split.exit_code, split.err.substr(0, 200));
  std::string verdict = "true";
  for (size_t i = 0; i < disc.tracks.size() && verdict == "true"; ++i) {
    const burn::DaoTrack& t = disc.tracks[i];
    const bool data = t.kind == burn::TrackKind::kDataMode1;
    const fs::path file = dir / fmt::format("track{:02}.{}", i + 1, data ? "iso" : "cdr");
    std::ifstream in(file, std::ios::binary);
    if (!in) return fmt::format("false (bchunk wrote no {})", file.filename().string());
    const uint32_t bytes = data ? 2048 : 2352;
    std::vector<uint8_t> block(size_t{64} * bytes);
    uint64_t offset = 0;
    for (uint32_t b = t.source_pregap_blocks; b < t.source->totalBlocks();) {
      const uint32_t n = std::min<uint32_t>(64, t.source->totalBlocks() - b);
      std::span<uint8_t> want(block.data(), size_t{n} * bytes);
      if (Status st = t.source->readBlocks(b, n, want); !st.ok()) return "the source: " + st.toString();
      if (std::string d = compareFile(in, want, offset); !d.empty()) {
        verdict = fmt::format("false (track {} from bchunk: {})", i + 1, d);
        break;
      }
      b += n;
    }
    if (data && verdict == "true") {
      const judges::ProcessResult info = judges::run({"isoinfo", "-d", "-i", file.string()});
      if (info.exit_code != 0 || info.out.find("Volume id:") == std::string::npos)
        verdict = fmt::format("false (isoinfo cannot read track {}: {})", i + 1, info.err.substr(0, 200));
    }
  }
  if (verdict == "true" && medium.tracks().size() != disc.tracks.size())
    verdict = fmt::format("false (the disc holds {} tracks, the cue sheet {})", medium.tracks().size(), disc.tracks.size());
  fs::remove_all(dir, ec);
  return verdict;
}

// The disc's tracks (index 1 address and kind) and where the last session starts, as the
// recorder holds them, in the form cdInfoOnTheDisc gives.
std::string recorderLayout(const vrec::Medium& medium) {
  std::string tracks, sessions;
  for (const vrec::Track& t : medium.tracks())
    tracks += fmt::format("{}{} {}", tracks.empty() ? "" : ", ", t.start_lba, t.isData() ? "data" : "audio");
  if (!medium.sessions().empty()) {
    for (const vrec::Track& t : medium.tracks())
      if (t.number == medium.sessions().back().first_track) sessions = fmt::format("; last session at {}", t.start_lba);
  }
  return tracks + sessions;
}

// cd-info reading the disc itself through the SG_IO bridge (`discmaster emulate`), as it reads a
// drive: its track list and "Last CD Session LSN" (READ TOC format 1; not the "session #N starts"
// lines of its analysis, which guess sessions from track modes).
std::string cdInfoOnTheDisc(const vrec::Medium& medium, const std::string& profile, const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec || self.filename() != "discmaster") return "cd-info needs the discmaster CLI (emulate) to run it";
  const fs::path file = dir / "disc.vrec";
  if (auto err = vrec::MediumFile::save(medium, file)) return "cannot save the disc: " + *err;
  const judges::ProcessResult r = judges::run({self.string(), "emulate", "--drive", profile, "--medium-file", file.string(), "--",
                                               "env", "LC_ALL=C", "cd-info", "--no-cddb", "--no-device-info", "/dev/sr0"});
  fs::remove_all(dir, ec);
  if (r.exit_code != 0) return fmt::format("cd-info failed ({}): {}", r.exit_code, r.err.substr(0, r.err.find('\n')));
  static const std::regex track(R"(^\s*(\d+): \d\d:\d\d:\d\d\s+(\d+) (audio|data))");
  static const std::regex session(R"(^Last CD Session LSN: (\d+))");
  std::istringstream in(r.out);
  std::string text, tracks, sessions;
  while (std::getline(in, text)) {
    std::smatch m;
    if (std::regex_search(text, m, track)) {
      tracks += fmt::format("{}{} {}", tracks.empty() ? "" : ", ", std::stoi(m[2].str()), m[3].str());
    } else if (std::regex_search(text, m, session)) {
      sessions = fmt::format("; last session at {}", std::stoi(m[1].str()));
    }
  }
  return tracks.empty() ? "cd-info listed no tracks" : tracks + sessions;
}

}  // namespace

std::optional<std::string> exportLastSessionIso(const vrec::Medium& medium, const fs::path& path) {
  const vrec::Track* data = nullptr;
  for (const vrec::Session& session : medium.sessions()) {
    for (const vrec::Track& t : medium.tracks())
      if (t.session == session.number && t.isData() && t.recorded_sectors > 0) {
        data = &t;
        break;
      }
  }
  if (data == nullptr) return "the medium (" + medium.describe() + ") has no recorded data track";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return "cannot create " + path.string();
  std::array<uint8_t, 2048> block{};
  const auto put = [&](int64_t at_block, int32_t lba) {
    vrec::readUserData(medium, *data, lba, std::span<uint8_t, 2048>(block));
    out.seekp(at_block * 2048);
    out.write(reinterpret_cast<const char*>(block.data()), block.size());
    return block[0];
  };
  for (int32_t lba = data->start_lba; lba < data->userEndLba(); ++lba) put(lba, lba);
  // The volume descriptor set, from the session's block 16 up to its terminator (type 255).
  constexpr int32_t kFirstDescriptor = 16;
  for (int32_t k = kFirstDescriptor; data->start_lba > 0 && data->start_lba + k < data->userEndLba(); ++k) {
    if (put(k, data->start_lba + k) == 255) break;
  }
  out.close();
  if (!out) return "cannot write " + path.string();
  return std::nullopt;
}

void checkDiscLayout(ScenarioOutcome& o, const Expectations& e, const vrec::Medium& medium, const fs::path& scratch,
                     const burn::DaoDisc* sources, const std::string& profile) {
  if (e.cd_info_reads_disc) {
    const std::string expected = recorderLayout(medium), observed = cdInfoOnTheDisc(medium, profile, scratch / "cd-info");
    const bool same = expected == observed;
    o.clauses.push_back({"expect.cd_info_reads_disc", *e.cd_info_reads_disc ? "true" : "false",
                         same ? "true" : fmt::format("false (cd-info: {}; the disc: {})", observed, expected),
                         same == *e.cd_info_reads_disc});
  }
  if (e.exported_tracks_match_source) {
    const std::string observed = sources == nullptr ? "no cue sheet's tracks to compare" : exportedTracksAgainst(medium, *sources, scratch / "tracks");
    o.clauses.push_back({"expect.exported_tracks_match_source", *e.exported_tracks_match_source ? "true" : "false",
                         observed, (observed == "true") == *e.exported_tracks_match_source});
  }
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
    for (const vrec::Track& t : medium.tracks())
      toc += fmt::format("{}{} {}", toc.empty() ? "" : ", ", t.start_lba, t.isData() ? "data" : "audio");
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
