// The scenario language's shared blocks, pre-recorded media and cue sheets: `include:` merges a
// common file under a scenario (and errors inside it name that file), a missing include or a cycle
// names the chain, `medium.image` and `stage.cue` refuse what cannot be, and a bad cue sheet fails
// the load at its own line.
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <string>

#include "tools/scenario/scenario_loader.h"
#include "tools/scenario/scenario_media.h"
#include "tools/scenario/scenario_runner.h"

namespace dm::scenario {
namespace {
namespace fs = std::filesystem;

const fs::path kSource = DM_SOURCE_DIR;
const fs::path kBroken = kSource / "tests/scenarios/broken";

// The whole one-line message of a broken file, with the broken folder's path shortened to "B/".
std::string brokenMessage(const std::string& name) {
  auto s = loadScenario(kBroken / (name + ".yaml"));
  EXPECT_FALSE(s.has_value()) << name << " loaded";
  if (s) return "";
  std::string message = s.error().message();
  EXPECT_EQ(message.find('\n'), std::string::npos) << "not one line: " << message;
  const std::string folder = kBroken.string() + "/";
  for (size_t at = message.find(folder); at != std::string::npos; at = message.find(folder))
    message.replace(at, folder.size(), "B/");
  return message;
}

TEST(ScenarioInclude, ErrorInsideTheIncludedFileNamesThatFile) {
  EXPECT_EQ(brokenMessage("include-bad-key"),
            "B/common/bad-key.yaml:5:3: unknown key 'verfy' in record (did you mean 'verify'?)");
}

TEST(ScenarioInclude, CheckBeyondTheSchemaNamesTheIncludedFile) {
  EXPECT_EQ(brokenMessage("include-bad-profile"),
            "B/common/bad-profile.yaml:3:12: drive.profile: no drive profile 'plextor-px-w5244a' (did you mean "
            "'plextor-px-w5224a'?)");
}

TEST(ScenarioInclude, MissingFileNamesTheChain) {
  EXPECT_EQ(brokenMessage("include-missing"),
            "B/include-missing.yaml:3:10: include: no file B/common/no-such-file.yaml (included by "
            "B/include-missing.yaml)");
}

TEST(ScenarioInclude, CycleNamesTheChain) {
  EXPECT_EQ(brokenMessage("include-cycle"),
            "B/common/cycle-b.yaml:3:10: include: a cycle: B/include-cycle.yaml -> B/common/cycle-a.yaml -> "
            "B/common/cycle-b.yaml -> B/common/cycle-a.yaml");
}

TEST(ScenarioInclude, NameBelongsToTheScenario) {
  EXPECT_EQ(brokenMessage("include-name"),
            "B/common/with-name.yaml:1:7: name: belongs to each scenario, not to an included file");
}

TEST(ScenarioInclude, ScenarioKeysWinMapsMergeListsAreReplaced) {
  const fs::path dir = fs::temp_directory_path() / ("dm-include-" + std::to_string(::getpid()));
  fs::create_directories(dir / "common");
  {
    std::ofstream(dir / "common/base.yaml") << "drive: {profile: default, quirks: [negative_nwa_on_blank]}\n"
                                               "medium: {type: cd-r74}\n"
                                               "record: {bufe: false, speed: 8}\n"
                                               "expect: {result: S_OK, trace_lacks: [RUN-OUT], sessions: 1}\n";
  }
  const std::string yaml =
      "schema: 1\nname: merged\ninclude: common/base.yaml\ndescription: d\n"
      "drive: {quirks: [test_write_ignored]}\nstage: {total_size: 1MiB}\nrecord: {speed: 16}\n"
      "expect: {trace_lacks: [WRITE(12)]}\n";
  auto s = parseScenario(yaml, dir / "merged.yaml");
  fs::remove_all(dir);
  ASSERT_TRUE(s.has_value()) << s.error().message();
  EXPECT_EQ(s->profile, "default");
  EXPECT_EQ(s->quirks, std::vector<std::string>{"test_write_ignored"});  // lists replaced
  EXPECT_EQ(s->medium_type, "cd-r74");
  EXPECT_FALSE(s->bufe);                                                  // maps merged
  EXPECT_EQ(s->speed_x, 16);                                              // the scenario wins
  EXPECT_EQ(s->expect.trace_lacks, std::vector<std::string>{"WRITE(12)"});
  ASSERT_TRUE(s->expect.sessions.has_value());
}

TEST(ScenarioMediumImage, ImageWithSessionsIsRefused) {
  EXPECT_EQ(brokenMessage("image-with-sessions"),
            "B/image-with-sessions.yaml:5:40: medium: an image brings its own sessions (image with sessions)");
}

TEST(ScenarioMediumImage, ImageThatIsBlankIsRefused) {
  EXPECT_EQ(brokenMessage("image-blank"),
            "B/image-blank.yaml:5:37: medium: a disc made from an image is not blank (image with state: blank)");
}

TEST(ScenarioMediumImage, MissingImageIsNamed) {
  EXPECT_EQ(brokenMessage("image-missing"), "B/image-missing.yaml:6:10: medium.image: no file B/nowhere.iso");
}

TEST(ScenarioMediumImage, BrokenImageSaysWhy) {
  EXPECT_EQ(brokenMessage("image-not-an-image"),
            "B/image-not-an-image.yaml:5:17: medium.image: B/bad-sheet.cue:1:16: file type 'WAVE' is not supported (only "
            "BINARY: raw sectors, little-endian audio)");
}

TEST(ScenarioCueStage, BadSheetFailsTheLoadAtItsOwnLine) {
  const std::string m = brokenMessage("cue-bad-sheet");
  EXPECT_EQ(m.rfind("B/bad-sheet.cue:3:5: ", 0), 0u) << m;
  EXPECT_NE(m.find("(stage.cue of B/cue-bad-sheet.yaml)"), std::string::npos) << m;
}

TEST(ScenarioCueStage, TrackAtOnceIsRefused) {
  EXPECT_EQ(brokenMessage("cue-with-tao"),
            "B/cue-with-tao.yaml:6:22: record.write_type: a cue sheet is written Disc-At-Once (its pregaps and indexes "
            "need the cue sheet)");
}

TEST(ScenarioCueStage, DataTreeBesideACueSheetIsRefused) {
  EXPECT_EQ(brokenMessage("cue-with-folder"),
            "B/cue-with-folder.yaml:5:41: stage: a cue sheet describes the whole disc; total_size cannot go with it");
}

TEST(ScenarioMediumImage, FixturePathsResolveUnderTheFixtureFolder) {
  EXPECT_EQ(resolveScenarioPath("$fixtures/a/b.iso", "/x/y/s.yaml"), fixtureDirectory() / "a/b.iso");
  EXPECT_EQ(resolveScenarioPath("../common/c.yaml", "/x/y/s.yaml"), fs::path("/x/common/c.yaml"));
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// A cue sheet burned from files beside the scenario, and a disc made from an image, give the same
// bytes run after run (the fixtures come from the scenario_fixtures target).
TEST(ScenarioCueStage, TwoRunsGiveByteIdenticalOutputs) {
  for (const char* name : {"cue-sheet-dao-pregaps-isrc", "image-appendable-iso-append"}) {
    auto s = loadScenario(kSource / "scenarios/library" / (std::string(name) + ".yaml"));
    ASSERT_TRUE(s.has_value()) << s.error().message();
    const fs::path a = fs::temp_directory_path() / ("dm-cue-a-" + std::to_string(::getpid()));
    const fs::path b = fs::temp_directory_path() / ("dm-cue-b-" + std::to_string(::getpid()));
    const ScenarioOutcome first = runScenario(*s, {a});
    const ScenarioOutcome second = runScenario(*s, {b});
    EXPECT_TRUE(first.passed()) << (first.failures().empty() ? "" : first.failures()[0]);
    for (const char* file : {"trace.txt", "report.json", "plot.svg", "trace.csv"}) {
      const std::string x = slurp(a / s->name / file), y = slurp(b / s->name / file);
      EXPECT_FALSE(x.empty()) << name << " " << file;
      EXPECT_EQ(x, y) << name << " " << file << " differs between runs";
    }
    fs::remove_all(a);
    fs::remove_all(b);
  }
}

}  // namespace
}  // namespace dm::scenario
