// The scenario loader (see scenario_loader.h). The schema walk throws a LoadFailure carrying the
// offending node's mark (as emulator/drive/profile_loader.cc does), and the one try in
// parseScenario() turns it, or a yaml-cpp exception, into the "file:line:column: what" Status.
#include "tools/scenario/scenario_loader.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "emulator/drive/profile_loader.h"
#include "emulator/quirks/quirk.h"
#include "tools/scenario/scenario_include.h"
#include "tools/scenario/scenario_media.h"
#include "tools/scenario/scenario_values.h"

#ifndef DM_SCENARIO_SCHEMA_PATH
#define DM_SCENARIO_SCHEMA_PATH "scenarios/schema.yaml"
#endif

namespace dm::scenario {
namespace fs = std::filesystem;
namespace {

std::string didYouMean(std::string_view word, const std::vector<std::string>& choices) {
  const std::string best = closestName(word, choices);
  return best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best);
}

std::string joined(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

// Checks one scalar against its schema node's type, enum and range.
void checkScalar(const YAML::Node& node, const YAML::Node& schema, const std::string& path) {
  const std::string type = schema["type"].as<std::string>();
  if (!node.IsScalar()) failAt(node, fmt::format("{}: expected {}, found a {}", path, type, node.IsMap() ? "mapping" : "list"));
  const std::string text = node.Scalar();
  std::optional<double> number;
  if (type == "string") {
    if (schema["enum"]) {
      std::vector<std::string> allowed;
      for (const auto& v : schema["enum"]) allowed.push_back(v.as<std::string>());
      if (std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        failAt(node, fmt::format("{}: '{}' is not one of {}{}", path, text, list, didYouMean(text, allowed)));
      }
    }
    return;
  }
  if (type == "bool") {
    if (!parseBool(text)) failAt(node, fmt::format("{}: expected true or false, found '{}'", path, text));
    return;
  }
  if (type == "int") number = parseInteger(text);
  else if (type == "number") number = parseNumber(text);
  else if (type == "percent") number = parsePercent(text);
  else if (type == "duration") number = parseDurationNs(text);
  else if (type == "rate") number = parseRate(text);
  else if (type == "size") number = parseSize(text);
  else if (type == "expect") {
    auto c = parseComparison(text);
    if (c) number = c->value;
  } else {
    failAt(node, fmt::format("{}: the schema names an unknown type '{}'", path, type));
  }
  if (!number) failAt(node, fmt::format("{}: expected {}, found '{}'", path, typeExample(type), text));
  if (schema["min"] && *number < schema["min"].as<double>())
    failAt(node, fmt::format("{}: {} is below the minimum {}", path, text, schema["min"].as<std::string>()));
  if (schema["max"] && *number > schema["max"].as<double>())
    failAt(node, fmt::format("{}: {} is above the maximum {}", path, text, schema["max"].as<std::string>()));
}

// `required`: also check required keys (off for one file of an include chain, on for the merge).
void validate(const YAML::Node& node, const YAML::Node& schema, const std::string& path, bool required) {
  const std::string type = schema["type"].as<std::string>();
  const std::string where = path.empty() ? "the scenario" : path;
  if (type == "map") {
    if (!node.IsMap()) failAt(node, fmt::format("{}: expected a mapping of keys", where));
    const YAML::Node keys = schema["keys"];
    std::vector<std::string> known;
    for (const auto& k : keys) known.push_back(k.first.as<std::string>());
    for (const auto& kv : node) {
      const std::string key = kv.first.Scalar();
      if (!keys[key]) failAt(kv.first, fmt::format("unknown key '{}' in {}{}", key, where, didYouMean(key, known)));
      validate(kv.second, keys[key], joined(path, key), required);
    }
    for (const auto& k : keys) {
      if (!required) break;
      const std::string key = k.first.as<std::string>();
      if (k.second["required"] && k.second["required"].as<bool>() && !node[key])
        failAt(node, fmt::format("{}: missing required key '{}'", where, key));
    }
    return;
  }
  if (type == "list") {
    if (!node.IsSequence()) failAt(node, fmt::format("{}: expected a list", where));
    if (schema["items"]) {
      for (size_t i = 0; i < node.size(); ++i) validate(node[i], schema["items"], fmt::format("{}[{}]", path, i), required);
    }
    return;
  }
  checkScalar(node, schema, path);
}

const YAML::Node& schemaRoot(std::string& error) {
  static const YAML::Node root = [&]() -> YAML::Node {
    try {
      YAML::Node doc = YAML::LoadFile(schemaPath().string());
      return doc["root"];
    } catch (const YAML::Exception& e) {
      return YAML::Node(fmt::format("{}: {}", schemaPath().string(), e.what()));
    }
  }();
  if (!root.IsMap()) error = root.IsScalar() ? root.Scalar() : schemaPath().string() + ": no 'root' mapping";
  return root;
}

fs::path profileDir() {
  if (const char* dir = std::getenv("DISCMASTER_PROFILES"); dir != nullptr && *dir != '\0') return dir;
  return vrec::builtinProfileDirectory();
}

std::vector<std::string> resultNames() {
  std::vector<std::string> out;
  for (const auto& e : detail::kResultCodeNames) out.emplace_back(e.name);
  return out;
}

Comparison comparisonOf(const YAML::Node& n) { return *parseComparison(n.Scalar()); }

// The checks beyond the schema: names that must exist and combinations that cannot happen.
Scenario build(const YAML::Node& root, const fs::path& file, const SourceMap& sources) {
  Scenario s;
  s.file = file;
  s.name = root["name"].Scalar();
  if (s.name != file.stem().string())
    failAt(root["name"], fmt::format("name: '{}' must equal the file name '{}'", s.name, file.stem().string()));
  s.description = root["description"].Scalar();
  if (root["tags"]) for (const auto& t : root["tags"]) s.tags.push_back(t.Scalar());
  if (root["seed"]) s.seed = static_cast<uint64_t>(*parseInteger(root["seed"].Scalar()));
  s.stage_seed = s.seed;

  const YAML::Node drive = root["drive"];
  s.profile = drive["profile"].Scalar();
  const std::vector<std::string> profiles = vrec::listDriveProfiles(profileDir());
  if (std::find(profiles.begin(), profiles.end(), s.profile) == profiles.end())
    failAt(drive["profile"], fmt::format("drive.profile: no drive profile '{}'{}", s.profile, didYouMean(s.profile, profiles)));
  if (drive["underrun_protection"]) s.underrun_protection = parseBool(drive["underrun_protection"].Scalar());
  if (drive["quirks"]) {
    for (const auto& q : drive["quirks"]) {
      if (!vrec::parseQuirk(q.Scalar())) {
        const std::string_view near = vrec::suggestQuirk(q.Scalar());
        failAt(q, fmt::format("drive.quirks: no quirk '{}'{}; `discmaster quirks list` names them all", q.Scalar(),
                              near.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", near)));
      }
      s.quirks.push_back(q.Scalar());
    }
  }

  if (const YAML::Node m = root["medium"]) {
    if (m["type"]) s.medium_type = m["type"].Scalar(), s.medium_type_given = true;
    if (m["state"]) s.medium_state = m["state"].Scalar();
    if (m["sessions"]) s.prior_sessions = static_cast<int>(*parseInteger(m["sessions"].Scalar()));
    if (s.medium_type == "none") {
      // An empty drive: nothing else about a medium can be said.
      for (const char* key : {"state", "sessions", "image"})
        if (m[key]) failAt(m[key], fmt::format("medium.{}: the drive is empty (type: none)", key));
    } else if (m["image"]) {
      if (!m["state"]) s.medium_state = "closed";  // as an image is loaded: finalised
      loadMediumImage(m, s, sources);
    } else {
      if (s.medium_state == "blank" && s.prior_sessions > 0)
        failAt(m["sessions"], "medium: a blank disc has no sessions (state: blank with sessions > 0)");
      if (s.medium_state != "blank" && s.prior_sessions == 0)
        failAt(m, fmt::format("medium: state {} needs sessions: N >= 1 (the prior burns)", s.medium_state));
    }
  }

  const YAML::Node st = root["stage"];
  const bool generated = st["files"] || st["total_size"];
  if (st["cue"]) loadCueStage(st, root["record"], s, sources);
  if (st["folder"] && generated) failAt(st, "stage: either folder or a generated tree (seed, files, total_size), not both");
  if (st["folder"] && st["seed"]) failAt(st["seed"], "stage.seed: a folder is staged as it is; seed is for generated content");
  if (st["audio"] && (st["folder"] || generated || st["volume_name"]))
    failAt(st["audio"], "stage.audio: an audio CD has no data tree (folder, files, total_size, volume_name)");
  if (!st["folder"] && !st["total_size"] && !st["audio"] && !st["cue"]) failAt(st, "stage: needs folder, total_size, audio or cue");
  if (st["audio"]) {
    if (st["audio"].size() == 0 || st["audio"].size() > 99) failAt(st["audio"], "stage.audio: 1 to 99 tracks");
    for (const auto& t : st["audio"]) {
      AudioTrackSpec spec;
      spec.seconds = *parseNumber(t["seconds"].Scalar());
      if (t["tone_hz"]) spec.tone_hz = parseNumber(t["tone_hz"].Scalar());
      s.stage_audio.push_back(spec);
    }
  }
  if (st["folder"]) {
    s.stage_folder = resolveScenarioPath(st["folder"].Scalar(), sources.fileOf(st["folder"]));
    std::error_code ec;
    if (!fs::is_directory(s.stage_folder, ec))
      failAt(st["folder"], fmt::format("stage.folder: {} is not a folder", s.stage_folder.string()));
  }
  if (st["seed"]) s.stage_seed = static_cast<uint64_t>(*parseInteger(st["seed"].Scalar()));
  if (st["files"]) s.stage_files = static_cast<int>(*parseInteger(st["files"].Scalar()));
  if (st["total_size"]) s.stage_bytes = static_cast<uint64_t>(*parseSize(st["total_size"].Scalar()));
  if (st["volume_name"]) s.volume_name = st["volume_name"].Scalar();
  if (s.volume_name.empty()) s.volume_name = "SCENARIO";

  if (const YAML::Node h = root["host"]) {
    if (h["feed_rate"]) s.feed_bytes_per_second = parseRate(h["feed_rate"].Scalar());
    if (h["jitter"]) s.jitter_fraction = *parsePercent(h["jitter"].Scalar()) / 100.0;
    if (h["jitter"] && !h["feed_rate"]) failAt(h["jitter"], "host.jitter: needs host.feed_rate (jitter varies the feed time)");
    if (h["stalls"]) {
      for (const auto& st_node : h["stalls"])
        s.stalls.push_back({*parsePercent(st_node["at"].Scalar()) / 100.0,
                            static_cast<int64_t>(*parseDurationNs(st_node["for"].Scalar()))});
    }
  }
  if (const YAML::Node faults = root["faults"]) {
    for (const auto& f : faults) {
      if (f.size() != 1) failAt(f, "faults: each entry names one fault (cancel, eject_button)");
      if (f["eject_button"]) {
        if (s.eject_button) failAt(f, "faults: one eject_button per scenario");
        Scenario::EjectButton e;
        e.at_fraction = *parsePercent(f["eject_button"]["at"].Scalar()) / 100.0;
        if (f["eject_button"]["emergency"]) e.emergency = *parseBool(f["eject_button"]["emergency"].Scalar());
        s.eject_button = e;
      }
      if (f["cancel"]) {
        if (s.cancel_at_fraction || !s.cancel_during.empty()) failAt(f, "faults: one cancel per scenario");
        const YAML::Node c = f["cancel"];
        if (c["at"] && c["during"]) failAt(c, "faults: cancel: give at (a share written) or during (a phase), not both");
        if (!c["at"] && !c["during"]) failAt(c, "faults: cancel: needs at (e.g. 50%) or during (flushing or closing)");
        if (c["at"]) s.cancel_at_fraction = *parsePercent(c["at"].Scalar()) / 100.0;
        if (c["during"]) s.cancel_during = c["during"].Scalar();
      }
    }
  }

  if (const YAML::Node r = root["record"]) {
    if (r["simulate"]) s.simulate = *parseBool(r["simulate"].Scalar());
    if (r["bufe"]) s.bufe = *parseBool(r["bufe"].Scalar());
    if (r["verify"]) s.verify = *parseBool(r["verify"].Scalar());
    if (r["multisession"]) s.multisession = *parseBool(r["multisession"].Scalar());
    if (r["speed"]) s.speed_x = parseNumber(r["speed"].Scalar());
    if (r["blank"]) s.blank = r["blank"].Scalar();
    if (r["write_type"]) {
      s.dao = r["write_type"].Scalar() == "dao";
      s.raw = r["write_type"].Scalar() == "raw";
      if (s.raw && s.multisession)
        failAt(r["write_type"], "record.write_type: raw writes the disc's only session and closes it; it cannot be multisession");
      if (r["write_type"].Scalar() != "tao" && (s.medium_type.starts_with("dvd") || s.medium_type.starts_with("bd")))
        failAt(r["write_type"], fmt::format("record.write_type: {} is a CD write type; on a {} the medium decides how it is written", r["write_type"].Scalar(), s.medium_type));
    }
    if (s.simulate && s.verify) failAt(r["verify"], "record: verify with simulate is impossible (a test write records nothing to read back)");
    if (s.blank != "none" && s.medium_type != "cd-rw")
      failAt(r["blank"], fmt::format("record.blank: a {} cannot be blanked (only cd-rw)", s.medium_type));
  }
  if (s.medium_state == "closed" && s.blank == "none" && !s.simulate) {
    // Still a scenario (the burn must be refused), so allowed; nothing to check.
  }

  const YAML::Node e = root["expect"];
  if (e["result"]) {
    const std::string code = e["result"].Scalar();
    s.expect.result = resultCodeFromName(code);
    if (!s.expect.result)
      failAt(e["result"], fmt::format("expect.result: '{}' is not an IMAPI result code name{}", code, didYouMean(code, resultNames())));
  }
  if (e["underruns"]) s.expect.underruns = comparisonOf(e["underruns"]);
  if (e["relinks"]) s.expect.relinks = comparisonOf(e["relinks"]);
  if (e["sessions"]) s.expect.sessions = comparisonOf(e["sessions"]);
  if (e["tracks"]) s.expect.tracks = comparisonOf(e["tracks"]);
  if (e["min_buf_pct"]) s.expect.min_buf_pct = comparisonOf(e["min_buf_pct"]);
  if (e["virtual_seconds"]) s.expect.virtual_seconds = comparisonOf(e["virtual_seconds"]);
  if (e["blocks_written"]) s.expect.blocks_written = comparisonOf(e["blocks_written"]);
  if (e["disc_state"]) s.expect.disc_state = e["disc_state"].Scalar();
  if (e["image_matches_source"]) s.expect.image_matches_source = parseBool(e["image_matches_source"].Scalar());
  if (e["verified"]) s.expect.verified = parseBool(e["verified"].Scalar());
  if (e["quirks_met"]) for (const auto& q : e["quirks_met"]) s.expect.quirks_met.push_back(q.Scalar());
  if (e["trace_contains"]) for (const auto& t : e["trace_contains"]) s.expect.trace_contains.push_back(t.Scalar());
  if (e["trace_lacks"]) for (const auto& t : e["trace_lacks"]) s.expect.trace_lacks.push_back(t.Scalar());
  if (e["trace_order"]) for (const auto& t : e["trace_order"]) s.expect.trace_order.push_back(t.Scalar());
  if (e["phases"]) {
    s.expect.phases.emplace();
    for (const auto& t : e["phases"]) s.expect.phases->push_back(t.Scalar());
  }
  if (e["trace_after"])
    for (const auto& t : e["trace_after"]) s.expect.trace_after.push_back({t["after"].Scalar(), t["lacks"].Scalar()});
  if (e["toc"]) {
    s.expect.toc.emplace();
    for (const auto& t : e["toc"]) {
      Expectations::TocEntry entry;
      entry.start = static_cast<int32_t>(*parseInteger(t["start"].Scalar()));
      entry.length = static_cast<uint32_t>(*parseInteger(t["length"].Scalar()));
      if (t["isrc"]) entry.isrc = t["isrc"].Scalar();
      if (t["control"]) entry.control = static_cast<int>(*parseInteger(t["control"].Scalar()));
      s.expect.toc->push_back(entry);
    }
  }
  if (e["cd_info_reads_disc"]) s.expect.cd_info_reads_disc = parseBool(e["cd_info_reads_disc"].Scalar());
  if (e["exported_tracks_match_source"]) {
    if (s.stage_cue.empty())
      failAt(e["exported_tracks_match_source"], "expect.exported_tracks_match_source: compares the tracks of a stage.cue; this scenario has none");
    s.expect.exported_tracks_match_source = parseBool(e["exported_tracks_match_source"].Scalar());
  }
  if (e["cancel_refused"]) s.expect.cancel_refused = parseBool(e["cancel_refused"].Scalar());
  if (e["cancel_polls_closing"]) s.expect.cancel_polls_closing = comparisonOf(e["cancel_polls_closing"]);
  if (e["catalog"]) s.expect.catalog = e["catalog"].Scalar();
  if (e["exported_cue_matches"]) s.expect.exported_cue_matches = parseBool(e["exported_cue_matches"].Scalar());
  if (s.isAudio() && e["image_matches_source"])
    failAt(e["image_matches_source"], "expect.image_matches_source: an audio CD has no file system to judge");
  if (s.simulate && s.expect.image_matches_source.value_or(false))
    failAt(e["image_matches_source"], "expect.image_matches_source: a test write (simulate) leaves no image to judge");
  if (s.expect.verified.value_or(false) && !s.verify)
    failAt(e["verified"], "expect.verified: true needs record.verify: true");
  return s;
}

}  // namespace

fs::path schemaPath() {
  if (const char* p = std::getenv("DISCMASTER_SCENARIO_SCHEMA"); p != nullptr && *p != '\0') return p;
  return DM_SCENARIO_SCHEMA_PATH;
}

Result<Scenario> parseScenario(std::string_view yaml, const fs::path& file) {
  const std::string name = file.string();
  std::string schema_error;
  const YAML::Node& schema = schemaRoot(schema_error);
  if (!schema_error.empty()) return Status(ResultCode::kFileAccess, schema_error);
  SourceMap sources(file);
  try {
    const YAML::Node own = YAML::Load(std::string(yaml));
    const YAML::Node root =
        resolveIncludes(own, file, sources, [&](const YAML::Node& one) { validate(one, schema, "", false); });
    validate(root, schema, "", true);
    if (*parseInteger(root["schema"].Scalar()) != kScenarioSchema)
      failAt(root["schema"], fmt::format("schema: this runner reads schema {}", kScenarioSchema));
    return build(root, file, sources);
  } catch (const LoadFailure& f) {
    return Status(ResultCode::kInvalidArgument, sources.message(f));
  } catch (const YAML::Exception& e) {
    return Status(ResultCode::kInvalidArgument, locatedMessage(name, e.mark.line, e.mark.column, e.msg));
  }
}

Result<Scenario> loadScenario(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status(ResultCode::kFileAccess, fmt::format("{}: cannot read", path.string()));
  std::stringstream ss;
  ss << f.rdbuf();
  return parseScenario(ss.str(), path);
}

std::vector<fs::path> scenarioFiles(const std::vector<fs::path>& paths) {
  std::vector<fs::path> out;
  for (const fs::path& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      out.push_back(p);
      continue;
    }
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(p, ec))
      if (entry.path().extension() == ".yaml") found.push_back(entry.path());
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

std::string closestName(std::string_view word, const std::vector<std::string>& choices) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : choices) {
    const size_t d = editDistance(word, c);
    if (d < best_distance) best_distance = d, best = c;
  }
  return best;
}

}  // namespace dm::scenario
