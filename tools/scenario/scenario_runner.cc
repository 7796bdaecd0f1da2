// The scenario runner (see scenario_runner.h).
#include "tools/scenario/scenario_runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "emulator/drive/profile_loader.h"
#include "emulator/media/medium_kind.h"
#include "engine/burn/dao_burner.h"
#include "engine/burn/dvd_burner.h"
#include "engine/burn/file_sector_source.h"
#include "engine/burn/raw_burner.h"
#include "engine/burn/source_views.h"
#include "engine/burn/tao_burner.h"
#include "engine/layout/iso_sector_source.h"
#include "engine/mmc/drive.h"
#include "tools/discmaster/burn_summary.h"
#include "tools/discmaster/device.h"
#include "tools/discmaster/session_continue.h"
#include "tools/discmaster/staging.h"
#include "tools/glue/virtual_transport.h"
#include "tools/scenario/host_feed.h"
#include "tools/judges/judges.h"
#include "tools/scenario/scenario_checks.h"
#include "tools/scenario/scenario_media.h"
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

constexpr uint32_t kAudioBlock = 2352;

// The generated audio tracks as raw CD-DA files (track01.pcm, …): a sine tone, or noise from the
// seed; whole blocks, 44.1 kHz 16-bit stereo little-endian.
Result<std::vector<fs::path>> generateAudio(const fs::path& dir, const std::vector<AudioTrackSpec>& tracks, uint64_t seed) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status(ResultCode::kFileAccess, fmt::format("{}: {}", dir.string(), ec.message()));
  std::vector<fs::path> files;
  uint64_t state = seed * 0x9E3779B97F4A7C15ULL + 7;
  for (size_t i = 0; i < tracks.size(); ++i) {
    const auto blocks = static_cast<size_t>(std::ceil(tracks[i].seconds * 75));
    std::vector<char> pcm(blocks * kAudioBlock);
    for (size_t frame = 0; frame < pcm.size() / 4; ++frame) {
      const auto v = tracks[i].tone_hz
                         ? static_cast<int16_t>(10000 * std::sin(2 * M_PI * *tracks[i].tone_hz * static_cast<double>(frame) / 44100))
                         : static_cast<int16_t>(nextRandom(state) >> 48);
      for (size_t ch = 0; ch < 2; ++ch) {
        pcm[frame * 4 + ch * 2] = static_cast<char>(v & 0xFF);
        pcm[frame * 4 + ch * 2 + 1] = static_cast<char>((v >> 8) & 0xFF);
      }
    }
    const fs::path file = dir / fmt::format("track{:02}.pcm", i + 1);
    std::ofstream out(file, std::ios::binary);
    out.write(pcm.data(), static_cast<std::streamsize>(pcm.size()));
    if (!out) return Status(ResultCode::kFileAccess, fmt::format("{}: cannot write", file.string()));
    files.push_back(file);
  }
  return files;
}

// The faults that happen during the writing: the host cancels once `cancel` of the disc's blocks
// are written (QueryCancel says yes), or someone presses the eject button once `eject` are.
class Faults final : public burn::ProgressSink {
 public:
  Faults(const Scenario& s, vrec::Recorder& recorder) : s_(s), recorder_(recorder) {}
  void onPhase(burn::Phase phase, Duration, Duration) override {
    phase_ = phase;
    if (!s_.cancel_during.empty() && burn::phaseName(phase) == s_.cancel_during) cancel_now_ = true;
  }
  void onBlocks(const burn::BlockProgress& p) override {
    if (p.phase != burn::Phase::kWriting) return;
    done_ = p.blocks_done, total_ = p.blocks_total;
    if (s_.eject_button && !ejected_ && done_ >= s_.eject_button->at_fraction * total_) {
      ejected_ = true;
      recorder_.pressEjectButton(s_.eject_button->emergency);
    }
  }
  bool queryCancel() override {
    if (phase_ == burn::Phase::kClosing) ++closing_polls_;
    return cancel_now_ || (s_.cancel_at_fraction && total_ > 0 && done_ >= *s_.cancel_at_fraction * total_);
  }
  // QueryCancel asks while the burn was in its closing phase, counted here rather than taken from
  // the burn report, so the expectation does not rest on the burner's own bookkeeping.
  uint32_t closingPolls() const { return closing_polls_; }

 private:
  const Scenario& s_;
  vrec::Recorder& recorder_;
  uint32_t done_ = 0, total_ = 0;
  bool ejected_ = false;
  burn::Phase phase_ = burn::Phase::kPreparing;
  bool cancel_now_ = false;  // cancel.during: the phase has begun; the answer stays yes
  uint32_t closing_polls_ = 0;
};

// The audio disc of a scenario: every track behind its own host feed, stalls placed on the disc.
// `disc` holds the tracks as generated or as a cue sheet describes them.
burn::BurnReport burnAudio(const Scenario& s, const burn::DaoDisc& disc, vrec::Recorder& recorder, mmc::Drive& drive,
                           const burn::BurnOptions& options, burn::ProgressSink& sink, int64_t& feed_ns, int64_t& stall_ns) {
  uint32_t disc_blocks = 0;
  for (const burn::DaoTrack& t : disc.tracks) disc_blocks += t.source->totalBlocks();
  std::vector<std::unique_ptr<HostFeed>> feeds;
  burn::DaoDisc fed = disc;
  uint32_t first = 0;
  for (size_t i = 0; i < fed.tracks.size(); ++i) {
    feeds.push_back(std::make_unique<HostFeed>(*fed.tracks[i].source, recorder, s.feed_bytes_per_second, s.stalls,
                                               s.jitter_fraction, s.seed + i, first, disc_blocks));
    first += fed.tracks[i].source->totalBlocks();
    fed.tracks[i].source = feeds.back().get();
  }
  burn::BurnReport report;
  if (s.raw) {
    report = burn::burnRaw(drive, fed, options, &sink);
  } else if (s.dao) {
    report = burn::burnDiscAtOnce(drive, fed, options, &sink);
  } else {
    std::vector<burn::TaoTrack> tracks;
    for (const burn::DaoTrack& d : fed.tracks) {
      burn::TaoTrack t;
      t.source = d.source;
      t.kind = d.kind;
      tracks.push_back(t);
    }
    report = burn::burnTaoTracks(drive, tracks, options, &sink);
  }
  for (const auto& f : feeds) feed_ns += f->feedNs(), stall_ns += f->stallNs();
  return report;
}

// The generated audio tracks, one source each.
Result<cli::AudioDisc> openGeneratedAudio(const std::vector<fs::path>& files) {
  cli::AudioDisc disc;
  for (const fs::path& f : files) {
    DM_ASSIGN_OR_RETURN(burn::FileSectorSource source, burn::FileSectorSource::open(f, kAudioBlock));
    disc.owned.push_back(std::make_unique<burn::FileSectorSource>(std::move(source)));
    burn::DaoTrack t;
    t.source = disc.owned.back().get();
    t.kind = burn::TrackKind::kAudio;
    disc.dao.tracks.push_back(t);
  }
  return disc;
}

// `root` staged as an image; with a drive (a recorded disc) placed, and with `continue_data`
// continued, as `burn` does on the disc in the drive (session_continue.h).
Result<cli::StagedImage> stage(const fs::path& root, const std::string& volume, mmc::Drive* drive = nullptr,
                               bool continue_data = false) {
  cli::StageOptions options;
  options.paths = {root};
  options.volume_name = volume;
  if (drive != nullptr) DM_TRY(cli::continueLastSession(*drive, options, continue_data));
  return cli::stageImage(options);
}

// medium.type none: the tray opened, the disc taken out, the tray closed — an empty drive, as an
// operator leaves it (START STOP UNIT eject and load, as the hands at the tray do).
void emptyTheDrive(vrec::Recorder& recorder) {
  const uint8_t eject[6] = {0x1B, 0, 0, 0, 0x02, 0};
  const uint8_t load[6] = {0x1B, 0, 0, 0, 0x03, 0};
  recorder.execute(eject, vrec::DataDirection::kNone, {});
  recorder.removeMedium();
  recorder.execute(load, vrec::DataDirection::kNone, {});
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
    const burn::BurnReport r = burn::dataBurnNeedsDvdBurner(drive) ? burn::burnDvdData(drive, source, options)
                                                                   : burn::burnDataTrack(drive, source, options);
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

// expect.trace_order and expect.trace_after: facts about the order of trace lines.
void checkTraceOrder(ScenarioOutcome& o, const std::string& trace, const Expectations& e) {
  if (!e.trace_order.empty()) {
    size_t from = 0;
    std::string observed = "in order";
    for (const std::string& text : e.trace_order) {
      const size_t at = trace.find(text, from);
      if (at == std::string::npos) {
        const size_t anywhere = trace.find(text);
        observed = anywhere == std::string::npos
                       ? fmt::format("no line containing '{}'", text)
                       : fmt::format("'{}' only before the previous step ({})", text, traceLineAt(trace, anywhere));
        break;
      }
      from = std::min(trace.find('\n', at), trace.size());
    }
    std::string expected;
    for (const std::string& t : e.trace_order) expected += (expected.empty() ? "'" : " then '") + t + "'";
    o.clauses.push_back({"expect.trace_order", expected, observed, observed == "in order"});
  }
  for (const Expectations::After& a : e.trace_after) {
    const size_t after = trace.find(a.after);
    std::string observed = after == std::string::npos ? fmt::format("no line containing '{}'", a.after) : "absent";
    // An `after` that never happens fails too: a misspelt event must not pass unseen.
    bool held = false;
    if (after != std::string::npos) {
      const size_t line_end = std::min(trace.find('\n', after), trace.size());
      const size_t bad = trace.find(a.lacks, line_end);
      held = bad == std::string::npos;
      if (!held) observed = traceLineAt(trace, bad);
    }
    o.clauses.push_back({"expect.trace_after",
                         fmt::format("no line containing '{}' after the first containing '{}'", a.lacks, a.after), observed,
                         held});
  }
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

  const bool audio = s.isAudio();
  fs::path root = s.stage_folder;
  Result<cli::AudioDisc> audio_disc = Status(ResultCode::kInvalidImage, "no audio");
  Result<cli::StagedImage> staged = Status(ResultCode::kInvalidImage, "no data image");
  if (!s.stage_cue.empty()) {
    audio_disc = cli::openCueSheet(s.stage_cue);
  } else if (audio) {
    auto files = generateAudio(dir / "audio", s.stage_audio, s.stage_seed);
    audio_disc = files ? openGeneratedAudio(*files) : Result<cli::AudioDisc>(files.error());
  }
  if (audio && !audio_disc) {
    o.error = "stage: " + audio_disc.error().toString();
    return o;
  }
  if (!audio) {
    if (root.empty()) {
      root = dir / "stage";
      if (Status st = generateTree(root, s.stage_seed, s.stage_files, s.stage_bytes); !st.ok()) {
        o.error = "stage: " + st.toString();
        return o;
      }
    }
  }

  vrec::ProfileLoad load = vrec::findDriveProfile(cli::profileDirectory(), s.profile);
  if (!load.ok()) {
    o.error = "drive: " + load.error;
    return o;
  }
  vrec::DriveProfile profile = std::move(*load.profile);
  if (s.underrun_protection) profile.underrun_protection = *s.underrun_protection;
  for (const std::string& q : s.quirks) profile.quirks.set(*vrec::parseQuirk(q));
  const uint32_t buffer_bytes = profile.buffer_bytes;
  Result<vrec::Medium> medium = scenarioMedium(s);
  if (!medium) {
    o.error = medium.error().toString();
    return o;
  }
  vrec::Recorder recorder(std::move(profile), std::move(*medium));
  if (s.medium_type == "none") emptyTheDrive(recorder);
  glue::VirtualTransport transport(recorder, "virtual:" + s.profile);
  if (Status st = burnPriorSessions(s, transport, dir); !st.ok()) {
    o.error = st.toString();
    return o;
  }
  mmc::Drive drive(transport);
  if (!audio) {
    // After the prior sessions: a multisession image starts where the disc's next session does.
    const bool recorded = s.prior_sessions > 0 || !s.medium_image.empty();
    // The new session stands alone (its files are the stage's, which image_matches_source judges),
    // addressed from where it begins.
    staged = stage(root, s.volume_name, recorded ? &drive : nullptr);
    if (!staged) {
      o.error = "stage: " + staged.error().toString();
      return o;
    }
  }
  const std::string medium_before = recorder.medium().describe();
  const vrec::Ticks start = recorder.now();

  Status blank_status;
  if (s.blank != "none") {
    blank_status = drive.blank(s.blank == "full" ? mmc::BlankType::kFull : mmc::BlankType::kMinimal);
  }
  burn::BurnOptions burn_options;
  // The recorder is chosen (its disc read) before the record, as DiscMaster does.
  if (auto chosen = burn::chooseMedium(drive); chosen && blank_status.ok()) {
    burn_options.chosen_medium = std::move(*chosen);
  }
  burn_options.simulate = s.simulate;
  burn_options.speed_x = s.speed_x;
  burn_options.buffer_underrun_protection = s.bufe;
  burn_options.verify = s.verify;
  burn_options.multisession = s.multisession;
  Faults cancel(s, recorder);
  burn::BurnReport report;
  int64_t feed_ns = 0, stall_ns = 0;
  if (!blank_status.ok()) {
    report.status = blank_status;
  } else if (audio) {
    // An audio CD is closed, unless record.multisession leaves room for a data session after it
    // (CD-Extra, as `burn --audio --multisession`).
    report = burnAudio(s, audio_disc->dao, recorder, drive, burn_options, cancel, feed_ns, stall_ns);
  } else {
    layout::IsoSectorSource image(*staged->image);
    HostFeed feed(image, recorder, s.feed_bytes_per_second, s.stalls, s.jitter_fraction, s.seed);
    if (burn::dataBurnNeedsDvdBurner(drive)) {
      report = burn::burnDvdData(drive, feed, burn_options, &cancel);
    } else if (s.dao || s.raw) {
      burn::DaoDisc disc;
      burn::DaoTrack d;
      const uint32_t short_by = feed.totalBlocks() < burn::kMinimumTrackBlocks ? burn::kMinimumTrackBlocks - feed.totalBlocks() : 0;
      const burn::PaddedSource padded(feed, short_by);
      d.source = &padded;
      d.kind = burn::TrackKind::kDataMode1;
      disc.tracks.push_back(d);
      report = s.raw ? burn::burnRaw(drive, disc, burn_options, &cancel) : burn::burnDiscAtOnce(drive, disc, burn_options, &cancel);
    } else {
      report = burn::burnDataTrack(drive, feed, burn_options, &cancel);
    }
    feed_ns = feed.feedNs(), stall_ns = feed.stallNs();
  }
  if (!s.stage_audio.empty()) fs::remove_all(dir / "audio", ec);  // generated: reproducible from the seed

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
  check(o, "expect.tracks", e.tracks, static_cast<double>(recorder.medium().tracks().size()));
  if (e.phases) {
    std::string expected, observed;
    for (const std::string& p : *e.phases) expected += (expected.empty() ? "" : ", ") + p;
    for (const burn::PhaseTime& p : report.phases) observed += (observed.empty() ? "" : ", ") + p.name;
    o.clauses.push_back({"expect.phases", expected, observed, expected == observed});
  }
  check(o, "expect.min_buf_pct", e.min_buf_pct, report.min_buffer_percent);
  check(o, "expect.virtual_seconds", e.virtual_seconds, o.virtual_seconds);
  check(o, "expect.blocks_written", e.blocks_written, report.blocks_written);
  check(o, "expect.cancel_polls_closing", e.cancel_polls_closing, cancel.closingPolls());
  if (e.cancel_refused) {
    const std::string line = cli::cancelRefusedText(report);
    o.clauses.push_back({"expect.cancel_refused", *e.cancel_refused ? "true" : "false",
                         line.empty() ? "false (the report has no cancel line)" : "true (" + line + ")",
                         !line.empty() == *e.cancel_refused});
  }
  if (e.verified) {
    const bool verified = report.verified && !report.verify_mismatch_lba.has_value();
    o.clauses.push_back({"expect.verified", *e.verified ? "true" : "false", verified ? "true" : "false", verified == *e.verified});
  }
  if (e.image_matches_source) {
    std::string observed = "true";
    const fs::path iso = dir / "image.iso";
    // A later session is judged as a reader mounting it sees the disc (CD-Extra: the data session
    // after the audio one).
    std::optional<std::string> err;
    if (recorder.medium().sessions().size() > 1) {
      err = exportLastSessionIso(recorder.medium(), iso);
    } else if (auto failed = recorder.exportIso(iso)) {
      err = failed->message;
    }
    if (err) {
      observed = "no image: " + *err;
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
  if (s.stage_folder.empty() && !audio) fs::remove_all(root, ec);  // generated: reproducible from the seed

  for (const std::string& name : e.quirks_met) {
    const auto line = std::find_if(report.quirks.begin(), report.quirks.end(),
                                   [&](const std::string& q) { return q.substr(0, q.find(':')).find(name) != std::string::npos; });
    o.clauses.push_back({"expect.quirks_met", fmt::format("the burner met and handled '{}'", name),
                         line == report.quirks.end() ? "not met" : *line, line != report.quirks.end()});
  }
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
  checkTraceOrder(o, trace, e);
  checkDiscLayout(o, e, recorder.medium(), dir / "export", audio_disc ? &audio_disc->dao : nullptr, s.profile);
  const std::vector<TimelinePoint> timeline = timelineFromTrace(trace, buffer_bytes);
  ReportInputs in{s, o, report, medium_before, recorder.medium().describe(), disc_state,
                  recorder.underrunCount(), recorder.relinkCount(), recorder.medium().sessions().size(), recorder.traceHash(), feed_ns, stall_ns};
  Status written = writeText(dir / "trace.txt", trace);
  if (written.ok()) written = writeText(dir / "trace.csv", timelineCsv(timeline));
  if (written.ok()) written = writeText(dir / "plot.svg", timelineSvg(timeline, s.name));
  if (written.ok()) written = writeText(dir / "report.json", reportJson(in));
  if (!written.ok()) o.error = written.toString();
  return o;
}

}  // namespace dm::scenario
