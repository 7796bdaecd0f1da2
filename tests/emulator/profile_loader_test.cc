// Drive profiles from YAML: every shipped profile under scenarios/drives loads and is usable,
// default.yaml equals the built-in default, and each kind of mistake (syntax, unknown key, wrong
// type, out of range, missing key, unknown quirk or rotation) is an error value that names the
// file, line and column.
#include "emulator/drive/profile_loader.h"

#include <gtest/gtest.h>

#include <string>

namespace vrec_test {
namespace {

const std::string kValid = R"(schema: 1
name: test
identity:
  vendor: ACME
  product: BURNER
  revision: "1.0"
buffer_bytes: 1048576
host_bytes_per_second: 10000000
read_speed_x: 24
media:
  cd_r:
    write_speeds_x: [16, 8]
underrun_protection:
  kind: none
test_write: false
max_cue_sheet_bytes: 4096
timings:
  command_overhead_us: 500
  opc_ms: 1000
  spin_up_ms: 2000
  seek_full_stroke_ms: 150
  eject_ms: 1000
  load_ms: 5000
)";

std::string errorFor(const std::string& yaml) {
  const vrec::ProfileLoad load = vrec::parseDriveProfile(yaml, "t.yaml");
  EXPECT_FALSE(load.ok());
  return load.error;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(ProfileLoader, MinimalProfileLoads) {
  const vrec::ProfileLoad load = vrec::parseDriveProfile(kValid, "t.yaml");
  ASSERT_TRUE(load.ok()) << load.error;
  const vrec::DriveProfile& p = *load.profile;
  EXPECT_EQ(p.vendor, "ACME");
  EXPECT_EQ(p.cd_write_speeds_x, (std::vector<uint16_t>{16, 8}));
  EXPECT_TRUE(p.cdrw_write_speeds_x.empty());
  EXPECT_FALSE(p.underrun_protection);
  EXPECT_EQ(p.command_overhead, 500 * vrec::kTicksPerMicrosecond);
  EXPECT_EQ(p.load_duration, 5 * vrec::kTicksPerSecond);
  EXPECT_TRUE(p.quirks.empty());
  EXPECT_EQ(p.rotationFor(16).rotation, vrec::Rotation::kClv);
  EXPECT_TRUE(p.c2_pointers);  // optional key, default true
}

TEST(ProfileLoader, C2PointersCanBeSwitchedOff) {
  const vrec::ProfileLoad load = vrec::parseDriveProfile(kValid + "c2_pointers: false\n", "t.yaml");
  ASSERT_TRUE(load.ok()) << load.error;
  EXPECT_FALSE(load.profile->c2_pointers);
  const vrec::ProfileLoad bad = vrec::parseDriveProfile(kValid + "c2_pointers: 3\n", "t.yaml");
  EXPECT_FALSE(bad.ok());
}

TEST(ProfileLoader, EveryShippedProfileLoads) {
  const auto dir = vrec::builtinProfileDirectory();
  const std::vector<std::string> names = vrec::listDriveProfiles(dir);
  EXPECT_GE(names.size(), 6u);  // default + five modelled on real drive families
  for (const std::string& name : names) {
    const vrec::ProfileLoad load = vrec::findDriveProfile(dir, name);
    ASSERT_TRUE(load.ok()) << load.error;
    EXPECT_EQ(load.profile->name, name);
    EXPECT_FALSE(load.profile->problem().has_value()) << name;
    EXPECT_FALSE(load.profile->description.empty()) << name;
  }
}

TEST(ProfileLoader, DefaultYamlIsTheBuiltInDefault) {
  const vrec::ProfileLoad load = vrec::loadDriveProfile(vrec::builtinProfileDirectory() / "default.yaml");
  ASSERT_TRUE(load.ok()) << load.error;
  const vrec::DriveProfile built_in = vrec::DriveProfile::defaultCdRecorder();
  const vrec::DriveProfile& p = *load.profile;
  EXPECT_EQ(p.description, built_in.description);
  EXPECT_EQ(p.serial_number, built_in.serial_number);
  EXPECT_EQ(p.cdrw_write_speeds_x, built_in.cdrw_write_speeds_x);
  EXPECT_EQ(p.spin_up_duration, built_in.spin_up_duration);
  EXPECT_TRUE(p == built_in);
}

TEST(ProfileLoader, ShippedFamiliesDiffer) {
  const auto dir = vrec::builtinProfileDirectory();
  const auto old = vrec::findDriveProfile(dir, "yamaha-crw4416");
  const auto zclv = vrec::findDriveProfile(dir, "plextor-px-w4824a");
  const auto cav = vrec::findDriveProfile(dir, "plextor-px-w5224a");
  const auto rw16 = vrec::findDriveProfile(dir, "yamaha-crw2100");
  ASSERT_TRUE(old.ok() && zclv.ok() && cav.ok() && rw16.ok());
  EXPECT_FALSE(old.profile->underrun_protection);
  EXPECT_EQ(old.profile->cd_write_speeds_x.front(), 4);
  EXPECT_EQ(rw16.profile->cd_write_speeds_x.front(), 16);
  EXPECT_TRUE(zclv.profile->underrun_protection);
  EXPECT_EQ(zclv.profile->rotationFor(48).rotation, vrec::Rotation::kZclv);
  EXPECT_EQ(zclv.profile->rotationFor(48).zones.size(), 4u);
  EXPECT_EQ(cav.profile->rotationFor(52).rotation, vrec::Rotation::kCav);
  EXPECT_EQ(cav.profile->rotationFor(48).rotation, vrec::Rotation::kPcav);
  EXPECT_EQ(cav.profile->rotationFor(16).rotation, vrec::Rotation::kClv);
  const auto quirky = vrec::findDriveProfile(dir, "liteon-ltr48125s");
  ASSERT_TRUE(quirky.ok()) << quirky.error;
  EXPECT_TRUE(quirky.profile->quirks.has(vrec::Quirk::kNegativeNwaOnBlank));
  EXPECT_EQ(quirky.profile->rotationFor(48).zones.size(), 5u);
}

TEST(ProfileLoader, UnknownProfileListsTheAvailableOnes) {
  const vrec::ProfileLoad load = vrec::findDriveProfile(vrec::builtinProfileDirectory(), "px-9999");
  ASSERT_FALSE(load.ok());
  EXPECT_NE(load.error.find("no drive profile 'px-9999'"), std::string::npos) << load.error;
  EXPECT_NE(load.error.find("plextor-px-w5224a"), std::string::npos) << load.error;
  EXPECT_NE(load.error.find("default"), std::string::npos) << load.error;
}

TEST(ProfileLoader, UnknownKeyNamesLineAndColumn) {
  const std::string e = errorFor(replaced(kValid, "  revision: \"1.0\"\n", "  revision: \"1.0\"\n  colour: red\n"));
  EXPECT_EQ(e.rfind("t.yaml:7:3: unknown key 'colour' in identity", 0), 0u) << e;
  const std::string top = errorFor(kValid + "speed: 4\n");
  EXPECT_EQ(top.rfind("t.yaml:24:1: unknown key 'speed' in profile", 0), 0u) << top;
}

TEST(ProfileLoader, WrongTypesAreLocated) {
  EXPECT_EQ(errorFor(replaced(kValid, "buffer_bytes: 1048576", "buffer_bytes: big")),
            "t.yaml:7:15: buffer_bytes: expected an unsigned integer, got 'big'");
  EXPECT_EQ(errorFor(replaced(kValid, "test_write: false", "test_write: 3")),
            "t.yaml:15:13: test_write: expected true or false");
  EXPECT_EQ(errorFor(replaced(kValid, "[16, 8]", "[8, 16]")),
            "t.yaml:12:25: write_speeds_x: speeds must be listed fastest first");
  EXPECT_EQ(errorFor(replaced(kValid, "read_speed_x: 24", "read_speed_x: -2")),
            "t.yaml:9:15: read_speed_x: expected an unsigned integer, got '-2'");
  EXPECT_EQ(errorFor(replaced(kValid, "vendor: ACME", "vendor: ACME-CORPORATION")),
            "t.yaml:4:11: vendor: 'ACME-CORPORATION' is longer than 8 characters");
}

TEST(ProfileLoader, MissingKeysSchemaAndSyntax) {
  EXPECT_NE(errorFor(replaced(kValid, "test_write: false\n", "")).find("missing required key 'test_write'"),
            std::string::npos);
  EXPECT_EQ(errorFor(replaced(kValid, "schema: 1", "schema: 2")), "t.yaml:1:9: schema: this emulator reads schema 1");
  const std::string syntax = errorFor("schema: 1\nname: [unclosed\n");
  EXPECT_EQ(syntax.rfind("t.yaml:", 0), 0u) << syntax;
  EXPECT_NE(syntax.find(':', 7), std::string::npos);
}

TEST(ProfileLoader, QuirksAndRotation) {
  const vrec::ProfileLoad good = vrec::parseDriveProfile(
      kValid + "quirks: [negative_nwa_on_blank]\nrotation:\n  - {speed_x: 16, mode: cav}\n", "t.yaml");
  ASSERT_TRUE(good.ok()) << good.error;
  EXPECT_TRUE(good.profile->quirks.has(vrec::Quirk::kNegativeNwaOnBlank));
  EXPECT_EQ(good.profile->rotationFor(16).rotation, vrec::Rotation::kCav);
  const std::string quirk = errorFor(kValid + "quirks: [negative_nwa_on_blank, eats_discs]\n");
  EXPECT_EQ(quirk.rfind("t.yaml:24:33: quirks: unknown quirk 'eats_discs'; `discmaster quirks list`", 0), 0u)
      << quirk;
  EXPECT_NE(errorFor(kValid + "quirks: [negative_nwa_on_blnk]\n").find("did you mean 'negative_nwa_on_blank'?"),
            std::string::npos);
  EXPECT_EQ(errorFor(kValid + "rotation:\n  - {speed_x: 16, mode: spiral}\n"),
            "t.yaml:25:25: mode: expected clv, cav, zclv or pcav");
  EXPECT_NE(errorFor(kValid + "rotation:\n  - {speed_x: 12, mode: cav}\n").find("12x is not a listed write speed"),
            std::string::npos);
  EXPECT_NE(errorFor(kValid + "rotation:\n  - {speed_x: 16, mode: zclv}\n").find("needs zones"), std::string::npos);
}

}  // namespace
}  // namespace vrec_test
