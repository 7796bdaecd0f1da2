// The YAML drive profile reader. Each section is read by one function that first rejects keys it
// does not know, then reads its values with typed readers; any problem throws a LoadFailure that
// carries the offending node's mark, and the one try in parseDriveProfile() turns it (or a
// yaml-cpp exception) into the "file:line:column: what" error value. Scalars are parsed by hand,
// not with Node::as<T>(), so "1.5", "-3" or "0x10" for an integer are reported, never coerced.
#include "emulator/drive/profile_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

#include "emulator/sim/ticks.h"

namespace vrec {
namespace {

struct LoadFailure {
  YAML::Mark mark;
  std::string what;
};

[[noreturn]] void failAt(const YAML::Node& node, std::string what) { throw LoadFailure{node.Mark(), std::move(what)}; }

// Rejects any key of `map` not in `known`; `where` names the section in the message.
void checkKeys(const YAML::Node& map, std::initializer_list<std::string_view> known, const std::string& where) {
  if (!map.IsMap()) failAt(map, where + ": expected a mapping");
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string list;
      for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      failAt(entry.first, "unknown key '" + key + "' in " + where + " (known: " + list + ")");
    }
  }
}

YAML::Node required(const YAML::Node& map, const std::string& key, const std::string& where) {
  const YAML::Node node = map[key];
  if (!node) failAt(map, where + ": missing required key '" + key + "'");
  return node;
}

uint64_t unsignedValue(const YAML::Node& node, const std::string& key, uint64_t max) {
  if (!node.IsScalar()) failAt(node, key + ": expected an unsigned integer");
  const std::string& text = node.Scalar();
  if (text.empty() || text.size() > 19 ||
      !std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    failAt(node, key + ": expected an unsigned integer, got '" + text + "'");
  }
  const uint64_t value = std::stoull(text);
  if (value > max) failAt(node, key + ": " + text + " is larger than " + std::to_string(max));
  return value;
}

bool boolValue(const YAML::Node& node, const std::string& key) {
  if (node.IsScalar() && node.Scalar() == "true") return true;
  if (node.IsScalar() && node.Scalar() == "false") return false;
  failAt(node, key + ": expected true or false");
}

std::string textValue(const YAML::Node& node, const std::string& key, size_t max_length) {
  if (!node.IsScalar()) failAt(node, key + ": expected a string");
  if (node.Scalar().size() > max_length) {
    failAt(node, key + ": '" + node.Scalar() + "' is longer than " + std::to_string(max_length) + " characters");
  }
  return node.Scalar();
}

std::vector<uint16_t> speedList(const YAML::Node& node, const std::string& key) {
  if (!node.IsSequence() || node.size() == 0) failAt(node, key + ": expected a non-empty list of speeds");
  std::vector<uint16_t> out;
  for (const auto& item : node) {
    const auto speed = static_cast<uint16_t>(unsignedValue(item, key, 100));
    if (speed == 0) failAt(item, key + ": a speed of 0x");
    if (!out.empty() && speed >= out.back()) failAt(item, key + ": speeds must be listed fastest first");
    out.push_back(speed);
  }
  return out;
}

void readIdentity(const YAML::Node& node, DriveProfile& p) {
  checkKeys(node, {"vendor", "product", "revision", "serial_number"}, "identity");
  // SPC-3 INQUIRY: vendor 8, product 16, revision 4 bytes.
  p.vendor = textValue(required(node, "vendor", "identity"), "vendor", 8);
  p.product = textValue(required(node, "product", "identity"), "product", 16);
  p.revision = textValue(required(node, "revision", "identity"), "revision", 4);
  if (node["serial_number"]) p.serial_number = textValue(node["serial_number"], "serial_number", 20);
}

void readMedia(const YAML::Node& node, DriveProfile& p) {
  checkKeys(node, {"cd_r", "cd_rw", "dvd_r", "dvd_plus_rw", "bd_r", "bd_re"}, "media");
  const YAML::Node cd_r = required(node, "cd_r", "media");
  checkKeys(cd_r, {"write_speeds_x"}, "media.cd_r");
  p.cd_write_speeds_x = speedList(required(cd_r, "write_speeds_x", "media.cd_r"), "write_speeds_x");
  p.cdrw_write_speeds_x.clear();
  if (const YAML::Node cd_rw = node["cd_rw"]) {
    checkKeys(cd_rw, {"write_speeds_x"}, "media.cd_rw");
    p.cdrw_write_speeds_x = speedList(required(cd_rw, "write_speeds_x", "media.cd_rw"), "write_speeds_x");
  }
  p.dvd_r_write_speeds_x.clear();
  p.dvd_plus_rw_write_speeds_x.clear();
  if (const YAML::Node dvd_r = node["dvd_r"]) {
    checkKeys(dvd_r, {"write_speeds_x"}, "media.dvd_r");
    p.dvd_r_write_speeds_x = speedList(required(dvd_r, "write_speeds_x", "media.dvd_r"), "write_speeds_x");
  }
  if (const YAML::Node dvd_plus_rw = node["dvd_plus_rw"]) {
    if (!node["dvd_r"]) failAt(dvd_plus_rw, "dvd_plus_rw: a DVD writer lists its dvd_r speeds too");
    checkKeys(dvd_plus_rw, {"write_speeds_x"}, "media.dvd_plus_rw");
    p.dvd_plus_rw_write_speeds_x =
        speedList(required(dvd_plus_rw, "write_speeds_x", "media.dvd_plus_rw"), "write_speeds_x");
  }
  p.bd_r_write_speeds_x.clear();
  p.bd_re_write_speeds_x.clear();
  if (const YAML::Node bd_r = node["bd_r"]) {
    if (!node["dvd_r"]) failAt(bd_r, "bd_r: a BD writer writes DVD too; list its dvd_r speeds");
    checkKeys(bd_r, {"write_speeds_x"}, "media.bd_r");
    p.bd_r_write_speeds_x = speedList(required(bd_r, "write_speeds_x", "media.bd_r"), "write_speeds_x");
  }
  if (const YAML::Node bd_re = node["bd_re"]) {
    if (!node["bd_r"]) failAt(bd_re, "bd_re: a BD writer lists its bd_r speeds too");
    checkKeys(bd_re, {"write_speeds_x"}, "media.bd_re");
    p.bd_re_write_speeds_x = speedList(required(bd_re, "write_speeds_x", "media.bd_re"), "write_speeds_x");
  }
}

Rotation rotationValue(const YAML::Node& node) {
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    if (text == "clv") return Rotation::kClv;
    if (text == "cav") return Rotation::kCav;
    if (text == "zclv") return Rotation::kZclv;
    if (text == "pcav") return Rotation::kPcav;
  }
  failAt(node, "mode: expected clv, cav, zclv or pcav");
}

void readRotation(const YAML::Node& node, std::vector<RotationRule>& rules, uint64_t max_lba) {
  if (!node.IsSequence()) failAt(node, "rotation: expected a list of {speed_x, mode[, zones]}");
  rules.clear();
  for (const auto& item : node) {
    checkKeys(item, {"speed_x", "mode", "zones"}, "rotation entry");
    RotationRule rule;
    rule.speed_x = static_cast<uint16_t>(unsignedValue(required(item, "speed_x", "rotation entry"), "speed_x", 100));
    rule.rotation = rotationValue(required(item, "mode", "rotation entry"));
    if (const YAML::Node zones = item["zones"]) {
      if (rule.rotation != Rotation::kZclv) failAt(zones, "zones: only a zclv entry has zones");
      if (!zones.IsSequence()) failAt(zones, "zones: expected a list of {from_lba, speed_x}");
      for (const auto& z : zones) {
        checkKeys(z, {"from_lba", "speed_x"}, "zone");
        SpeedZone zone;
        zone.from_lba = static_cast<int32_t>(unsignedValue(required(z, "from_lba", "zone"), "from_lba", max_lba));
        zone.speed_x = static_cast<uint16_t>(unsignedValue(required(z, "speed_x", "zone"), "speed_x", 100));
        if (!rule.zones.empty() && zone.from_lba <= rule.zones.back().from_lba)
          failAt(z, "zones: from_lba must ascend");
        if (rule.zones.empty() && zone.from_lba != 0) failAt(z, "zones: the first zone must start at from_lba 0");
        rule.zones.push_back(zone);
      }
    } else if (rule.rotation == Rotation::kZclv) {
      failAt(item, "rotation entry: a zclv entry needs zones");
    }
    rules.push_back(std::move(rule));
  }
}

void readProtection(const YAML::Node& node, DriveProfile& p) {
  checkKeys(node, {"kind", "link_loss_sectors"}, "underrun_protection");
  const YAML::Node kind = required(node, "kind", "underrun_protection");
  if (kind.IsScalar() && kind.Scalar() == "none") {
    p.underrun_protection = false;
  } else if (kind.IsScalar() && kind.Scalar() == "burn_proof") {
    p.underrun_protection = true;
  } else {
    failAt(kind, "kind: expected none or burn_proof");
  }
  p.link_loss_sectors = 0;
  if (node["link_loss_sectors"]) {
    if (!p.underrun_protection) failAt(node["link_loss_sectors"], "link_loss_sectors: only with kind burn_proof");
    p.link_loss_sectors = static_cast<uint32_t>(unsignedValue(node["link_loss_sectors"], "link_loss_sectors", 150));
  }
}

void readTimings(const YAML::Node& node, DriveProfile& p) {
  checkKeys(
      node,
      {"command_overhead_us", "opc_ms", "spin_up_ms", "seek_full_stroke_ms", "eject_ms", "load_ms", "blank_minimal_ms"},
      "timings");
  const auto ms = [&node](const char* key) {
    return unsignedValue(required(node, key, "timings"), key, 600'000) * kTicksPerMillisecond;
  };
  p.command_overhead =
      unsignedValue(required(node, "command_overhead_us", "timings"), "command_overhead_us", 1'000'000) *
      kTicksPerMicrosecond;
  p.opc_duration = ms("opc_ms");
  p.spin_up_duration = ms("spin_up_ms");
  p.seek_full_stroke = ms("seek_full_stroke_ms");
  p.eject_duration = ms("eject_ms");
  p.load_duration = ms("load_ms");
  // Optional: drives that cannot write CD-RW never blank; mmc.md §7's 30-90 s, 40 s, otherwise.
  p.blank_minimal_duration = node["blank_minimal_ms"] ? ms("blank_minimal_ms") : 40 * kTicksPerSecond;
}

void readQuirks(const YAML::Node& node, DriveProfile& p) {
  if (!node.IsSequence()) failAt(node, "quirks: expected a list of quirk names");
  for (const auto& item : node) {
    if (!item.IsScalar()) failAt(item, "quirks: expected a quirk name");
    const auto quirk = parseQuirk(item.Scalar());
    if (!quirk) {
      const std::string_view near = suggestQuirk(item.Scalar());
      failAt(item, "quirks: unknown quirk '" + item.Scalar() + "'" +
                       (near.empty() ? std::string() : " (did you mean '" + std::string(near) + "'?)") +
                       "; `discmaster quirks list` names them all");
    }
    p.quirks.set(*quirk);
  }
}

DriveProfile readProfile(const YAML::Node& root) {
  checkKeys(root,
            {"schema", "name", "description", "identity", "buffer_bytes", "host_bytes_per_second", "read_speed_x",
             "media", "rotation", "dvd_read_speed_x", "dvd_rotation", "bd_read_speed_x", "underrun_protection", "test_write", "max_cue_sheet_bytes", "raw_write", "c2_pointers", "timings", "quirks"},
            "profile");
  const YAML::Node schema = required(root, "schema", "profile");
  if (unsignedValue(schema, "schema", 1'000) != kDriveProfileSchema) {
    failAt(schema, "schema: this emulator reads schema " + std::to_string(kDriveProfileSchema));
  }
  DriveProfile p;
  p.name = textValue(required(root, "name", "profile"), "name", 64);
  if (root["description"]) p.description = textValue(root["description"], "description", 400);
  readIdentity(required(root, "identity", "profile"), p);
  p.buffer_bytes = static_cast<uint32_t>(
      unsignedValue(required(root, "buffer_bytes", "profile"), "buffer_bytes", 256u * 1024u * 1024u));
  p.host_bytes_per_second =
      unsignedValue(required(root, "host_bytes_per_second", "profile"), "host_bytes_per_second", 100'000'000'000ULL);
  readMedia(required(root, "media", "profile"), p);
  p.max_read_speed_x =
      static_cast<uint16_t>(unsignedValue(required(root, "read_speed_x", "profile"), "read_speed_x", 100));
  if (root["rotation"]) readRotation(root["rotation"], p.rotation_rules, 500'000);
  // mmc.md §1.5: DVD zones lie anywhere on a 2,298,496-block disc.
  if (root["dvd_rotation"]) readRotation(root["dvd_rotation"], p.dvd_rotation_rules, 2'400'000);
  if (root["dvd_read_speed_x"]) {
    if (!p.writesDvd()) failAt(root["dvd_read_speed_x"], "dvd_read_speed_x: only with media.dvd_r");
    p.max_dvd_read_speed_x =
        static_cast<uint16_t>(unsignedValue(root["dvd_read_speed_x"], "dvd_read_speed_x", 100));
  }
  if (root["bd_read_speed_x"]) {
    if (!p.writesBd()) failAt(root["bd_read_speed_x"], "bd_read_speed_x: only with media.bd_r");
    p.max_bd_read_speed_x = static_cast<uint16_t>(unsignedValue(root["bd_read_speed_x"], "bd_read_speed_x", 100));
  }
  readProtection(required(root, "underrun_protection", "profile"), p);
  p.test_write = boolValue(required(root, "test_write", "profile"), "test_write");
  p.max_cue_sheet_bytes = static_cast<uint32_t>(
      unsignedValue(required(root, "max_cue_sheet_bytes", "profile"), "max_cue_sheet_bytes", 65'535));
  if (root["raw_write"]) p.raw_write = boolValue(root["raw_write"], "raw_write");
  if (root["c2_pointers"]) p.c2_pointers = boolValue(root["c2_pointers"], "c2_pointers");
  readTimings(required(root, "timings", "profile"), p);
  if (root["quirks"]) readQuirks(root["quirks"], p);
  for (const RotationRule& rule : p.rotation_rules) {
    if (std::find(p.cd_write_speeds_x.begin(), p.cd_write_speeds_x.end(), rule.speed_x) == p.cd_write_speeds_x.end() &&
        std::find(p.cdrw_write_speeds_x.begin(), p.cdrw_write_speeds_x.end(), rule.speed_x) ==
            p.cdrw_write_speeds_x.end()) {
      failAt(root["rotation"], "rotation: " + std::to_string(rule.speed_x) + "x is not a listed write speed");
    }
  }
  for (const RotationRule& rule : p.dvd_rotation_rules) {
    if (std::find(p.dvd_r_write_speeds_x.begin(), p.dvd_r_write_speeds_x.end(), rule.speed_x) ==
            p.dvd_r_write_speeds_x.end() &&
        std::find(p.dvd_plus_rw_write_speeds_x.begin(), p.dvd_plus_rw_write_speeds_x.end(), rule.speed_x) ==
            p.dvd_plus_rw_write_speeds_x.end()) {
      failAt(root["dvd_rotation"], "dvd_rotation: " + std::to_string(rule.speed_x) + "x is not a listed DVD write speed");
    }
  }
  if (auto problem = p.problem()) failAt(root, *problem);
  return p;
}

std::string located(const std::string& file, const YAML::Mark& mark, const std::string& what) {
  // yaml-cpp marks are 0-based; editors count from 1. A null mark (pos -1) has no place.
  if (mark.is_null()) return file + ": " + what;
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) + ": " + what;
}

}  // namespace

ProfileLoad parseDriveProfile(std::string_view yaml, const std::string& file) {
  ProfileLoad out;
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    if (!root.IsMap()) {
      out.error = located(file, root.Mark(), "a drive profile is a mapping of keys (schema, name, identity, ...)");
      return out;
    }
    out.profile = readProfile(root);
  } catch (const LoadFailure& f) {
    out.error = located(file, f.mark, f.what);
  } catch (const YAML::Exception& e) {
    out.error = located(file, e.mark, e.msg);
  } catch (const std::exception& e) {
    out.error = file + ": " + e.what();
  }
  return out;
}

ProfileLoad loadDriveProfile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ProfileLoad{std::nullopt, path.string() + ": cannot open the drive profile"};
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  ProfileLoad load = parseDriveProfile(text, path.string());
  if (load.ok() && load.profile->name != path.stem().string()) {
    return ProfileLoad{std::nullopt, path.string() + ": name '" + load.profile->name +
                                         "' does not match the file name '" + path.stem().string() + "'"};
  }
  return load;
}

std::filesystem::path builtinProfileDirectory() { return VREC_PROFILES_DIR; }

std::vector<std::string> listDriveProfiles(const std::filesystem::path& dir) {
  std::set<std::string> names{"default"};
  try {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".yaml") names.insert(entry.path().stem().string());
    }
  } catch (const std::filesystem::filesystem_error&) {
    // An unreadable directory lists what was read so far: never an exception across the API.
  }
  return {names.begin(), names.end()};
}

ProfileLoad findDriveProfile(const std::filesystem::path& dir, const std::string& name) {
  const std::filesystem::path file = dir / (name + ".yaml");
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) return loadDriveProfile(file);
  if (name == "default") return ProfileLoad{DriveProfile::defaultCdRecorder(), {}};
  std::string list;
  for (const std::string& n : listDriveProfiles(dir)) list += (list.empty() ? "" : ", ") + n;
  return ProfileLoad{std::nullopt, "no drive profile '" + name + "' in " + dir.string() + " (available: " + list + ")"};
}

}  // namespace vrec
