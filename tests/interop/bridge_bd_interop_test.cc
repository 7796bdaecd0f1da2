// Interop with BD media through the SG_IO bridge, on the BD writer profile (lg-bh20l): growisofs
// burns a BD-R (it formats it SRM+POW first, 32h with the largest capacity, then writes, closes
// the track and leaves the session open, relying on Pseudo-Overwrite) and a blank BD-RE (it formats
// it 30h itself, then writes and only flushes); xorriso burns a BD-R and appends a second session;
// cdrskin burns a BD-R; dvd+rw-mediainfo reads profile, media ID, speeds, spares and formats back.
// What was burned is exported and judged by isoinfo/bsdtar, appended sessions by xorriso -indev.
// A DVD writer (lg-gh22ls30) does not recognise a BD.
#include <fstream>
#include <iterator>

#include "tests/interop/bridge_fixture.h"

namespace dm::interop {

class BridgeBdInterop : public BridgeInterop {
 protected:
  static ProcessResult onBdWriter(const std::vector<std::string>& options, const std::vector<std::string>& command) {
    std::vector<std::string> all{"--drive", "lg-bh20l"};
    all.insert(all.end(), options.begin(), options.end());
    return emulate(all, command);
  }
  static std::string slurp(const std::string& file) {
    std::ifstream f(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  }
};

TEST_F(BridgeBdInterop, GrowisofsBurnsBdRAndBdRe) {
  ASSERT_TRUE(judges::onPath("growisofs")) << "dvd+rw-tools is not installed: run tools/setup.sh";
  const std::string iso = makeIso();
  const std::string original = slurp(iso);
  struct Case {
    const char* medium;
    const char* formatting;  // growisofs's own words
    const char* format;      // the FORMAT UNIT the trace shows: "minimal spare", the largest capacity
  };
  for (const Case& k : {Case{"bd-r", "pre-formatting blank BD-R for 24.8GB", "FORMAT type=32h subtype=0 blocks=12088320"},
                        Case{"bd-re", "pre-formatting blank BD-RE for 24.8GB", "FORMAT type=30h subtype=0 blocks=12088320"}}) {
    const std::string medium = k.medium;
    const std::string disc = path(medium + ".vrec");
    const std::string out = path("exported-" + medium + ".iso");
    const std::string trace = path("trace-" + medium + ".txt");
    const ProcessResult r = onBdWriter({"--medium", medium, "--medium-file", disc, "--export-image", out, "--trace", trace},
                                       {"growisofs", "-Z", "/dev/sr0=" + iso});
    ASSERT_EQ(r.exit_code, 0) << medium << "\n" << r.out << r.err;
    const std::string said = r.out + r.err;
    EXPECT_NE(said.find(k.formatting), std::string::npos) << said;
    EXPECT_NE(said.find("/dev/sr0: flushing cache"), std::string::npos) << said;
    // BD-R: the track is closed; with POW growisofs leaves the session open. BD-RE: nothing to close.
    EXPECT_EQ(said.find("/dev/sr0: closing track") != std::string::npos, medium == "bd-r") << said;
    EXPECT_EQ(said.find("/dev/sr0: closing session"), std::string::npos) << said;
    EXPECT_NE(slurp(trace).find(k.format), std::string::npos) << medium;
    const std::string written = slurp(out);
    ASSERT_GE(written.size(), original.size()) << medium;
    if (medium == "bd-r") {
      EXPECT_EQ(written.size() % 65536, 0u) << "a BD-R track ends on a 64 KiB cluster";
    }
    EXPECT_TRUE(written.compare(0, original.size(), original) == 0) << medium << ": the disc differs from the image";
    judgeExport(out);
    // The disc as another program reads it: xorriso loads the tree from the (open) BD-R session
    // and from the formatted BD-RE.
    const ProcessResult read = onBdWriter({"--medium-file", disc}, {"xorriso", "-indev", "/dev/sr0", "-find", "/"});
    ASSERT_EQ(read.exit_code, 0) << read.out << read.err;
    EXPECT_NE(read.out.find("'/sub/numbers.txt'"), std::string::npos) << read.out;
  }

  // dvd+rw-mediainfo on the formatted BD-RE: profile, media ID, BD speeds, spares, formats.
  const ProcessResult info = onBdWriter({"--medium-file", path("bd-re.vrec")}, {"dvd+rw-mediainfo", "/dev/sr0"});
  ASSERT_EQ(info.exit_code, 0) << info.out << info.err;
  EXPECT_NE(info.out.find("Mounted Media:         43h, BD-RE"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Media ID:              DISCMS/W01"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Write Speed #0:        2.0x4495=8991KB/s"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Spare Area:            4096/4096=100.0% free"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Disc status:           other"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find(" formatted:\t\t12088320*2048=24756879360"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find(" 30h(3000):\t\t11826176*2048=24220008448"), std::string::npos) << info.out;
}

TEST_F(BridgeBdInterop, XorrisoBurnsBdRThenAppendsASession) {
  const std::string disc = path("disc.vrec");
  const std::string out = path("exported.iso");
  const ProcessResult first = onBdWriter({"--medium", "bd-r", "--medium-file", disc, "--export-image", out},
                                         {"xorriso", "-outdev", "/dev/sr0", "-volid", "BRIDGE", "-map", path("src"), "/",
                                          "-commit"});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  const std::string said = first.out + first.err;
  EXPECT_NE(said.find("Media current: BD-R sequential recording"), std::string::npos) << said;
  EXPECT_NE(said.find("Media status : is blank"), std::string::npos) << said;
  EXPECT_NE(said.find("Writing to '/dev/sr0' completed successfully."), std::string::npos) << said;
  EXPECT_NE(said.find("Media status : is written , is appendable"), std::string::npos) << said;
  judgeExport(out);

  const ProcessResult second =
      onBdWriter({"--medium-file", disc}, {"xorriso", "-dev", "/dev/sr0", "-map", path("src/hello.txt"), "/second.txt",
                                           "-commit"});
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_NE((second.out + second.err).find("Media summary: 2 sessions"), std::string::npos) << second.out << second.err;
  const ProcessResult read = onBdWriter({"--medium-file", disc}, {"xorriso", "-indev", "/dev/sr0", "-find", "/"});
  ASSERT_EQ(read.exit_code, 0) << read.out << read.err;
  EXPECT_NE(read.out.find("'/second.txt'"), std::string::npos) << read.out;
  EXPECT_NE(read.out.find("'/sub/numbers.txt'"), std::string::npos) << read.out;

  // dvd+rw-mediainfo: the BD-R profile, its media ID and two closed tracks on 64 KiB clusters.
  const ProcessResult info = onBdWriter({"--medium-file", disc}, {"dvd+rw-mediainfo", "/dev/sr0"});
  ASSERT_EQ(info.exit_code, 0) << info.out << info.err;
  EXPECT_NE(info.out.find("Mounted Media:         41h, BD-R SRM"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Media ID:              DISCMS/R01"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Write Speed #0:        6.0x4495=26973KB/s"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Disc status:           appendable"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("READ TRACK INFORMATION[#2]:"), std::string::npos) << info.out;
}

TEST_F(BridgeBdInterop, CdrskinBurnsBdR) {
  const std::string iso = makeIso();
  const std::string out = path("exported.iso");
  const ProcessResult r =
      onBdWriter({"--medium", "bd-r", "--export-image", out}, {"cdrskin", "-v", "dev=/dev/sr0", "-multi", iso});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string said = r.out + r.err;
  EXPECT_NE(said.find("Starting new track at sector: 0"), std::string::npos) << said;
  EXPECT_NE(said.find("cdrskin: burning done"), std::string::npos) << said;
  judgeExport(out);
}

TEST_F(BridgeBdInterop, ADvdWriterDoesNotRecogniseABd) {
  const ProcessResult r = emulate({"--drive", "lg-gh22ls30", "--medium", "bd-r"}, {"xorriso", "-outdev", "/dev/sr0", "-toc"});
  const std::string said = r.out + r.err;
  EXPECT_NE(said.find("Media current: is not recognizable"), std::string::npos) << said;
  EXPECT_NE(said.find("rejected: sense 05/30/02"), std::string::npos) << said;
  const ProcessResult info = emulate({"--drive", "lg-gh22ls30", "--medium", "bd-re"}, {"dvd+rw-mediainfo", "/dev/sr0"});
  EXPECT_NE(info.exit_code, 0);
  EXPECT_NE((info.out + info.err).find("no media mounted"), std::string::npos) << info.out << info.err;
}

}  // namespace dm::interop
