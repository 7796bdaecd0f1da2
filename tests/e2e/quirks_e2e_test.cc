// End to end: `discmaster quirks list` shows the whole catalogue with sources (text and JSON
// Lines), and emulator/quirks/CATALOGUE.md is exactly what `discmaster quirks doc` prints, so the
// page cannot drift from the table it is generated from.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "tools/judges/subprocess.h"

namespace dm::e2e {
using namespace judges;
namespace {

TEST(QuirksEndToEnd, ListShowsEveryQuirkWithItsSource) {
  const ProcessResult text = run({DM_CLI_PATH, "quirks", "list"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("negative_nwa_on_blank\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("source: mmc.md §9 #10; libburn write.c"), std::string::npos) << text.out;

  const ProcessResult json = run({DM_CLI_PATH, "quirks", "list", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  size_t quirks = 0;
  std::istringstream lines(json.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("\"type\":\"quirk\"") == std::string::npos) continue;
    ++quirks;
    EXPECT_NE(line.find("\"source\":\"mmc.md §"), std::string::npos) << line;
  }
  EXPECT_GE(quirks, 25u);
  EXPECT_NE(json.out.find("\"result\":\"S_OK\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"count\":" + std::to_string(quirks)), std::string::npos) << json.out;
}

TEST(QuirksEndToEnd, CheckedInCatalogueIsTheGeneratedOne) {
  const ProcessResult doc = run({DM_CLI_PATH, "quirks", "doc"});
  ASSERT_EQ(doc.exit_code, 0) << doc.err;
  std::ifstream file(std::string(DM_SOURCE_DIR) + "/emulator/quirks/CATALOGUE.md", std::ios::binary);
  ASSERT_TRUE(file) << "emulator/quirks/CATALOGUE.md is missing: run `discmaster quirks doc` to create it";
  const std::string checked_in((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  EXPECT_EQ(checked_in, doc.out)
      << "emulator/quirks/CATALOGUE.md differs from the catalogue table: regenerate it with\n"
         "  discmaster quirks doc > emulator/quirks/CATALOGUE.md";
  EXPECT_NE(doc.out.find("## close_track_refused_on_cd_tao"), std::string::npos);
}

// INTEROP.md (tools/quirk_interop.sh's output) has a row for every quirk in the catalogue, so a
// quirk added without running the programs against it shows here.
TEST(QuirksEndToEnd, InteropTableCoversEveryQuirk) {
  const ProcessResult json = run({DM_CLI_PATH, "quirks", "list", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  std::ifstream file(std::string(DM_SOURCE_DIR) + "/emulator/quirks/INTEROP.md", std::ios::binary);
  ASSERT_TRUE(file);
  const std::string table((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::istringstream lines(json.out);
  size_t rows = 0;
  for (std::string line; std::getline(lines, line);) {
    const size_t at = line.find("\"name\":\"");
    if (line.find("\"type\":\"quirk\"") == std::string::npos || at == std::string::npos) continue;
    const std::string name = line.substr(at + 8, line.find('"', at + 8) - (at + 8));
    ++rows;
    EXPECT_NE(table.find("| `" + name + "` | "), std::string::npos)
        << name << " has no row: regenerate with tools/quirk_interop.sh BUILD_DIR > emulator/quirks/INTEROP.md";
  }
  EXPECT_GE(rows, 25u);
}

// A quirky shipped profile burns, and the summary says which quirk the burner met.
TEST(QuirksEndToEnd, BurnSummaryNamesTheQuirksMet) {
  const ProcessResult p = run({DM_CLI_PATH, "burn", "-d", "virtual:liteon-ltr48125s", "--volume-name", "Q",
                               std::string(DM_SOURCE_DIR) + "/scenarios/samples/hello"});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  EXPECT_NE(p.out.find("drive quirk    negative_nwa_on_blank: NWA -150 before the track start 0"), std::string::npos)
      << p.out;
}

TEST(QuirksEndToEnd, EmulateRefusesAMisspeltQuirk) {
  const ProcessResult p = run({DM_CLI_PATH, "emulate", "--quirk", "negative_nwa_on_blnk", "--", "true"});
  EXPECT_NE(p.exit_code, 0);
  EXPECT_NE(p.err.find("--quirk negative_nwa_on_blnk: no such quirk (did you mean 'negative_nwa_on_blank'?)"),
            std::string::npos)
      << p.err;
}

TEST(QuirksEndToEnd, NeedsASubcommand) {
  const ProcessResult p = run({DM_CLI_PATH, "quirks"});
  EXPECT_NE(p.exit_code, 0);
}

}  // namespace
}  // namespace dm::e2e
