// Session-At-Once through the SG_IO bridge: unmodified burners send their own cue sheets (wodim
// -dao with a catalog number and ISRCs, cdrdao with pregaps and CD-TEXT, cdrskin -sao with a
// CD-TEXT lead-in, xorriso's default write type for a blank CD-R; and wodim -tao with page 05's
// catalog number and ISRC), and independent readers judge the disc they leave: cd-info (TOC, MCN,
// CD-TEXT), cdrdao read-toc (catalog number and ISRCs from READ SUB-CHANNEL), bsdtar.
// A missing client is a set-up failure (tools/setup.sh installs them), never a skip.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tools/judges/subprocess.h"

namespace dm::interop {
namespace {
namespace fs = std::filesystem;
using judges::ProcessResult;
using judges::run;

class BridgeDao : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"cdrskin", "xorriso", "wodim", "cdrdao", "cd-info", "bsdtar", "genisoimage"}) {
      ASSERT_TRUE(judges::onPath(tool)) << tool << " is not installed: run tools/setup.sh";
    }
    dir_ = fs::temp_directory_path() /
           ("dm-dao-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  static ProcessResult emulate(std::vector<std::string> options, const std::vector<std::string>& command) {
    std::vector<std::string> argv{DM_CLI_PATH, "emulate"};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back("--");
    argv.insert(argv.end(), command.begin(), command.end());
    return run(argv);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // `seconds` of a 16-bit stereo 44.1 kHz sine as a WAV file (10 s = 750 sectors).
  std::string wav(const std::string& name, int seconds, double hertz) const {
    const uint32_t frames = 44'100u * static_cast<uint32_t>(seconds);
    std::vector<uint8_t> bytes;
    const auto le = [&bytes](uint32_t v, int n) {
      for (int i = 0; i < n; ++i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
    };
    const uint32_t data = frames * 4;
    bytes.insert(bytes.end(), {'R', 'I', 'F', 'F'});
    le(36 + data, 4);
    bytes.insert(bytes.end(), {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '});
    le(16, 4);
    le(1, 2);
    le(2, 2);
    le(44'100, 4);
    le(44'100 * 4, 4);
    le(4, 2);
    le(16, 2);
    bytes.insert(bytes.end(), {'d', 'a', 't', 'a'});
    le(data, 4);
    for (uint32_t i = 0; i < frames; ++i) {
      const auto v = static_cast<int16_t>(8000 * std::sin(i * 2 * M_PI * hertz / 44'100));
      le(static_cast<uint16_t>(v), 2);
      le(static_cast<uint16_t>(v), 2);
    }
    const std::string file = path(name);
    std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                static_cast<std::streamsize>(bytes.size()));
    return file;
  }

  fs::path dir_;
};

TEST_F(BridgeDao, WodimDaoWritesCatalogNumberAndIsrcsThatReadersFind) {
  const std::string disc = path("disc.vrec");
  const ProcessResult burn =
      emulate({"--medium-file", disc}, {"wodim", "-v", "dev=/dev/sr0", "-dao", "mcn=1234567890123", "-audio",
                                        "isrc=USABC9900001", wav("a.wav", 10, 440), "isrc=GBXYZ0512345",
                                        wav("b.wav", 10, 660)});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  EXPECT_NE(burn.out.find("in real SAO mode"), std::string::npos) << burn.out;

  const ProcessResult info = emulate({"--medium-file", disc}, {"cd-info", "--no-device-info", "/dev/sr0"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("Disc mode is listed as: CD-DA"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("  1: 00:02:00  000000 audio"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("  2: 00:12:00  000750 audio"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("170: 00:22:00  001500 leadout"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Media Catalog Number (MCN): 1234567890123"), std::string::npos) << info.out;

  // cdrdao reads the catalog number and each track's ISRC with READ SUB-CHANNEL.
  const std::string toc = path("read.toc");
  const ProcessResult read = emulate({"--medium-file", disc}, {"cdrdao", "read-toc", "--device", "/dev/sr0", toc});
  ASSERT_EQ(read.exit_code, 0) << read.out << read.err;
  std::ifstream in(toc);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_NE(text.find("CATALOG \"1234567890123\""), std::string::npos) << text;
  const size_t first = text.find("ISRC \"USABC9900001\"");
  const size_t second = text.find("ISRC \"GBXYZ0512345\"");
  EXPECT_NE(first, std::string::npos) << text;
  EXPECT_NE(second, std::string::npos) << text;
  EXPECT_LT(first, second);
}

TEST_F(BridgeDao, WodimTaoTakesCatalogNumberAndIsrcFromPageFive) {
  const std::string disc = path("disc.vrec");
  const ProcessResult burn = emulate({"--medium-file", disc}, {"wodim", "-v", "dev=/dev/sr0", "-tao", "mcn=1234567890123",
                                                               "-audio", "isrc=USABC9900001", wav("a.wav", 10, 440)});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  const std::string toc = path("read.toc");
  const ProcessResult read = emulate({"--medium-file", disc}, {"cdrdao", "read-toc", "--device", "/dev/sr0", toc});
  ASSERT_EQ(read.exit_code, 0) << read.out << read.err;
  std::ifstream in(toc);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_NE(text.find("CATALOG \"1234567890123\""), std::string::npos) << text;
  EXPECT_NE(text.find("ISRC \"USABC9900001\""), std::string::npos) << text;
}

TEST_F(BridgeDao, CdrskinSaoWritesCdTextThatCdInfoReads) {
  const std::string sheet = path("sheet.v07t");
  std::ofstream(sheet) << "Input Sheet Version = 0.7T\nText Code = 8859\nLanguage Code = English\n"
                          "Album Title = Virtual Album\nArtist Name = Virtual Artist\n"
                          "Track 01 Title = Song One\nTrack 02 Title = Song Two\n";
  const std::string disc = path("disc.vrec");
  const std::string trace = path("burn.trace");
  const ProcessResult burn =
      emulate({"--medium-file", disc, "--trace", trace},
              {"cdrskin", "-v", "dev=/dev/sr0", "-sao", "input_sheet_v07t=" + sheet, "-audio", wav("a.wav", 10, 440),
               wav("b.wav", 10, 660)});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  std::ifstream t(trace);
  const std::string events{std::istreambuf_iterator<char>(t), std::istreambuf_iterator<char>()};
  EXPECT_NE(events.find("CUE-SHEET tracks=1-2 first=-11634 lead-out=1500 mcn=0 cd-text=1"), std::string::npos);

  const ProcessResult info = emulate({"--medium-file", disc}, {"cd-info", "--no-device-info", "/dev/sr0"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("CD-ROM Track List (1 - 2)"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("TITLE: Virtual Album"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("PERFORMER: Virtual Artist"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("TITLE: Song One"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("TITLE: Song Two"), std::string::npos) << info.out;
}

TEST_F(BridgeDao, CdrdaoWritesPregapCatalogIsrcAndCdText) {
  // generic-mmc option 0x10 lets cdrdao write CD-TEXT (data block type 3, 41h lead-in entry).
  const std::string toc = path("write.toc");
  std::ofstream(toc) << "CD_DA\nCATALOG \"1234567890123\"\n"
                        "CD_TEXT { LANGUAGE_MAP { 0 : EN }\n"
                        "  LANGUAGE 0 { TITLE \"Cdrdao Album\" PERFORMER \"Cdrdao Artist\" } }\n"
                        "TRACK AUDIO\nISRC \"USABC9900001\"\n"
                        "CD_TEXT { LANGUAGE 0 { TITLE \"First\" PERFORMER \"Cdrdao Artist\" } }\n"
                        "FILE \"" << wav("a.wav", 10, 440) << "\" 0\n"
                        "TRACK AUDIO\n"
                        "CD_TEXT { LANGUAGE 0 { TITLE \"Second\" PERFORMER \"Cdrdao Artist\" } }\n"
                        "PREGAP 0:2:0\nFILE \"" << wav("b.wav", 10, 660) << "\" 0\n";
  const std::string disc = path("disc.vrec");
  const ProcessResult burn = emulate({"--medium-file", disc},
                                     {"cdrdao", "write", "--device", "/dev/sr0", "--driver", "generic-mmc:0x10", toc});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  const ProcessResult info = emulate({"--medium-file", disc}, {"cd-info", "--no-device-info", "/dev/sr0"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  // Track 2's index 1 follows its 2 s pregap: 750 + 150.
  EXPECT_NE(info.out.find("  2: 00:14:00  000900 audio"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("170: 00:24:00  001650 leadout"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Media Catalog Number (MCN): 1234567890123"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("TITLE: Cdrdao Album"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("TITLE: Second"), std::string::npos) << info.out;
  const std::string back = path("read.toc");
  const ProcessResult read = emulate({"--medium-file", disc}, {"cdrdao", "read-toc", "--device", "/dev/sr0", back});
  ASSERT_EQ(read.exit_code, 0) << read.out << read.err;
  std::ifstream in(back);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_NE(text.find("ISRC \"USABC9900001\""), std::string::npos) << text;
}

TEST_F(BridgeDao, CdrdaoWritesAnXaTrackThatReadersAccept) {
  // An ISO 9660 image as a MODE2_FORM1 track: cdrdao sends 2336-byte blocks (data form 20h).
  fs::create_directories(dir_ / "src");
  std::ofstream(dir_ / "src" / "xa.txt") << "mode 2 form 1\n";
  const std::string iso = path("xa.iso");
  ASSERT_EQ(run({"genisoimage", "-quiet", "-R", "-V", "XA", "-o", iso, path("src")}).exit_code, 0);
  const std::string toc = path("xa.toc");
  // Padded to the 4 s minimum with zero blocks; --force accepts cdrdao's short-track warning.
  std::ofstream(toc) << "CD_ROM_XA\nTRACK MODE2_FORM1\nDATAFILE \"" << iso << "\"\nZERO MODE2_FORM1 00:04:00\n";
  const std::string disc = path("disc.vrec");
  const std::string out = path("exported.iso");
  const ProcessResult burn = emulate({"--medium-file", disc, "--export-image", out},
                                     {"cdrdao", "write", "--force", "--device", "/dev/sr0", "--driver", "generic-mmc", toc});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  const ProcessResult cat = run({"bsdtar", "-xOf", out, "xa.txt"});
  EXPECT_EQ(cat.out, "mode 2 form 1\n") << cat.err;
  const ProcessResult info = emulate({"--medium-file", disc}, {"cd-info", "--no-device-info", "/dev/sr0"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("Disc mode is listed as: CD DATA (Mode 2)"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("label `XA"), std::string::npos) << info.out;
}

TEST_F(BridgeDao, XorrisoBurnsDataInItsDefaultSaoMode) {
  fs::create_directories(dir_ / "src");
  std::ofstream(dir_ / "src" / "hello.txt") << "hello in one session at once\n";
  const std::string disc = path("disc.vrec");
  const std::string out = path("exported.iso");
  const std::string trace = path("burn.trace");
  const ProcessResult burn = emulate({"--medium-file", disc, "--export-image", out, "--trace", trace},
                                     {"xorriso", "-outdev", "/dev/sr0", "-volid", "DAO", "-map", path("src"), "/", "--"});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  std::ifstream t(trace);
  const std::string events{std::istreambuf_iterator<char>(t), std::istreambuf_iterator<char>()};
  EXPECT_NE(events.find("SEND_CUE_SHEET"), std::string::npos);  // a blank CD-R gets SAO by default
  EXPECT_NE(events.find("LEAD-OUT session=1"), std::string::npos);
  const ProcessResult cat = run({"bsdtar", "-xOf", out, "hello.txt"});
  EXPECT_EQ(cat.out, "hello in one session at once\n") << cat.err;
  const ProcessResult info = emulate({"--medium-file", disc}, {"cd-info", "--no-device-info", "/dev/sr0"});
  EXPECT_NE(info.out.find("Disc mode is listed as: CD-DATA (Mode 1)"), std::string::npos) << info.out;
}

}  // namespace
}  // namespace dm::interop
