// The scenario language: broken files give the promised one-line "file:line:column: what" error
// (with did-you-mean), every library file loads, the scalar forms parse, a failed expectation
// names its clause and the observed value, and a scenario run twice leaves byte-identical outputs.
#include <gtest/gtest.h>

#include <algorithm>

#include <fstream>
#include <sstream>

#include <unistd.h>

#include "tools/scenario/scenario_loader.h"
#include "tools/scenario/scenario_runner.h"
#include "tools/scenario/scenario_values.h"

namespace dm::scenario {
namespace {
namespace fs = std::filesystem;

const fs::path kSource = DM_SOURCE_DIR;

std::string loadError(const std::string& name) {
  const fs::path file = kSource / "tests/scenarios/broken" / (name + ".yaml");
  auto s = loadScenario(file);
  EXPECT_FALSE(s.has_value()) << name << " loaded";
  if (s) return "";
  const std::string message = s.error().message();
  EXPECT_EQ(message.find('\n'), std::string::npos) << "not one line: " << message;
  const std::string prefix = file.string() + ":";
  EXPECT_EQ(message.rfind(prefix, 0), 0u) << message;
  return message.substr(prefix.size());
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST(ScenarioLoader, UnknownKeyNamesTheClosestKey) {
  EXPECT_EQ(loadError("unknown-key"), "6:1: unknown key 'recrod' in the scenario (did you mean 'record'?)");
}

TEST(ScenarioLoader, WrongTypeSaysWhatWasExpected) {
  EXPECT_EQ(loadError("wrong-type"),
            "8:14: expect.underruns: expected a value or a comparison such as 0, <20 or >=1, found 'none at all'");
}

TEST(ScenarioLoader, BadImapiNameSuggestsTheRealOne) {
  EXPECT_EQ(loadError("bad-imapi-name"),
            "7:11: expect.result: 'IMAPI_E_DISKFULL' is not an IMAPI result code name (did you mean 'IMAPI_E_DISCFULL'?)");
}

TEST(ScenarioLoader, ImpossibleCombinationIsRefused) {
  EXPECT_EQ(loadError("impossible-combination"),
            "8:11: record: verify with simulate is impossible (a test write records nothing to read back)");
}

TEST(ScenarioLoader, UnknownProfileSuggestsTheClosestProfile) {
  EXPECT_EQ(loadError("unknown-profile"),
            "4:18: drive.profile: no drive profile 'plextor-px-w5244a' (did you mean 'plextor-px-w5224a'?)");
}

TEST(ScenarioLoader, UnknownQuirkSuggestsTheClosestQuirk) {
  EXPECT_EQ(loadError("unknown-quirk"),
            "4:36: drive.quirks: no quirk 'negative_nwa_on_blnk' (did you mean 'negative_nwa_on_blank'?); "
            "`discmaster quirks list` names them all");
}

TEST(ScenarioLoader, EveryQuirkScenarioLoadsAndNamesItsQuirk) {
  const auto files = scenarioFiles({kSource / "scenarios/quirks"});
  EXPECT_GE(files.size(), 25u);
  for (const fs::path& f : files) {
    auto s = loadScenario(f);
    ASSERT_TRUE(s.has_value()) << (s ? "" : s.error().message());
    EXPECT_TRUE(std::find(s->tags.begin(), s->tags.end(), "quirks") != s->tags.end()) << f;
  }
}

TEST(ScenarioLoader, RawIsACdWriteTypeOfOneClosedSession) {
  EXPECT_EQ(loadError("raw-on-dvd"),
            "7:22: record.write_type: raw is a CD write type; on a dvd+r the medium decides how it is written");
  // bd-r is a medium type; on it, as on DVD, the medium decides the write type.
  EXPECT_EQ(loadError("dao-on-bd"),
            "7:22: record.write_type: dao is a CD write type; on a bd-r the medium decides how it is written");
  EXPECT_EQ(loadError("raw-multisession"),
            "6:42: record.write_type: raw writes the disc's only session and closes it; it cannot be multisession");
}

TEST(ScenarioLoader, AnEmptyDriveHasNoDiscState) {
  EXPECT_EQ(loadError("empty-drive-with-state"), "5:29: medium.state: the drive is empty (type: none)");
}

TEST(ScenarioLoader, EnumValueOutsideTheSchema) {
  EXPECT_EQ(loadError("bad-enum"),
            "5:16: medium.type: 'cd-r800' is not one of cd-r21, cd-r74, cd-r80, cd-r90, cd-r99, cd-rw, dvd-r, dvd+r, dvd+rw, bd-r, bd-re, none (did you mean 'cd-r80'?)");
}

TEST(ScenarioLoader, EveryLibraryScenarioLoads) {
  const auto files = scenarioFiles({kSource / "scenarios/library"});
  EXPECT_GE(files.size(), 12u);
  for (const fs::path& f : files) {
    auto s = loadScenario(f);
    EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message());
  }
}

TEST(ScenarioValues, ScalarForms) {
  EXPECT_DOUBLE_EQ(*parseRate("2MiB/s"), 2097152.0);
  EXPECT_DOUBLE_EQ(*parseRate("4x"), 614400.0);
  EXPECT_DOUBLE_EQ(*parseDurationNs("500ms"), 5e8);
  EXPECT_DOUBLE_EQ(*parsePercent("40%"), 40.0);
  EXPECT_DOUBLE_EQ(*parseSize("10MiB"), 10485760.0);
  EXPECT_FALSE(parseRate("fast").has_value());
  EXPECT_TRUE(parseComparison("<20")->holds(19));
  EXPECT_FALSE(parseComparison("<20")->holds(20));
  EXPECT_TRUE(parseComparison(">=1")->holds(1));
  EXPECT_TRUE(parseComparison("3")->holds(3));
  EXPECT_TRUE(parseComparison("!=0")->holds(2));
  EXPECT_EQ(editDistance("recrod", "record"), 2u);
}

TEST(ScenarioRunner, FailedClauseNamesTheObservedValue) {
  const fs::path out = fs::temp_directory_path() / ("dm-scenario-test-fail-" + std::to_string(getpid()));
  const std::string yaml =
      "schema: 1\nname: wrong-expectation\ndescription: expects an underrun that does not happen\n"
      "drive: {profile: default}\nstage: {total_size: 256KiB, files: 2}\n"
      "expect: {result: S_OK, underruns: \">=2\", sessions: 1}\n";
  auto s = parseScenario(yaml, out / "wrong-expectation.yaml");
  ASSERT_TRUE(s.has_value()) << s.error().message();
  const ScenarioOutcome o = runScenario(*s, {out});
  EXPECT_FALSE(o.passed());
  ASSERT_EQ(o.failures().size(), 1u);
  EXPECT_EQ(o.failures()[0], "expect.underruns: expected >=2, observed 0");
  fs::remove_all(out);
}

TEST(ScenarioRunner, TwoRunsGiveByteIdenticalOutputs) {
  auto s = loadScenario(kSource / "scenarios/library/stall-longer-than-buffer-bufe-relinks.yaml");
  ASSERT_TRUE(s.has_value()) << s.error().message();
  const fs::path a = fs::temp_directory_path() / ("dm-scenario-test-a-" + std::to_string(getpid()));
  const fs::path b = fs::temp_directory_path() / ("dm-scenario-test-b-" + std::to_string(getpid()));
  const ScenarioOutcome first = runScenario(*s, {a});
  const ScenarioOutcome second = runScenario(*s, {b});
  EXPECT_TRUE(first.passed()) << (first.failures().empty() ? "" : first.failures()[0]);
  for (const char* name : {"trace.txt", "report.json", "plot.svg", "trace.csv"}) {
    const std::string x = slurp(a / s->name / name), y = slurp(b / s->name / name);
    EXPECT_FALSE(x.empty()) << name;
    EXPECT_EQ(x, y) << name << " differs between runs";
  }
  fs::remove_all(a);
  fs::remove_all(b);
}

}  // namespace
}  // namespace dm::scenario
