// Interop with DVD media through the SG_IO bridge: xorriso (libburn) burns DVD+R and DVD-R on a
// DVD writer profile (lg-gh22ls30), appends a second session to DVD+R, and dvd+rw-mediainfo reads
// the disc back; what was burned is exported and judged by isoinfo/bsdtar, the appended session
// by xorriso -indev; growisofs writes DVD+R and DVD+RW across its own re-execution.
#include "tests/interop/bridge_fixture.h"

namespace dm::interop {

class BridgeDvdInterop : public BridgeInterop {
 protected:
  static ProcessResult onDvdWriter(const std::vector<std::string>& options, const std::vector<std::string>& command) {
    std::vector<std::string> all{"--drive", "lg-gh22ls30"};
    all.insert(all.end(), options.begin(), options.end());
    return emulate(all, command);
  }
};

TEST_F(BridgeDvdInterop, XorrisoBurnsDvdPlusRThenAppendsASession) {
  ASSERT_TRUE(judges::onPath("dvd+rw-mediainfo")) << "dvd+rw-tools is not installed: run tools/setup.sh";
  const std::string disc = path("disc.vrec");
  const std::string out = path("exported.iso");
  const ProcessResult first = onDvdWriter({"--medium", "dvd+r", "--medium-file", disc, "--export-image", out},
                                          {"xorriso", "-outdev", "/dev/sr0", "-volid", "BRIDGE", "-map", path("src"), "/",
                                           "-commit"});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  const std::string said = first.out + first.err;
  EXPECT_NE(said.find("Media current: DVD+R"), std::string::npos) << said;
  EXPECT_NE(said.find("Media status : is written , is appendable"), std::string::npos) << said;
  judgeExport(out);

  // dvd+rw-mediainfo reads the disc: profile, ADIP media ID, DVD speeds, one closed track.
  const ProcessResult info = onDvdWriter({"--medium-file", disc}, {"dvd+rw-mediainfo", "/dev/sr0"});
  ASSERT_EQ(info.exit_code, 0) << info.out << info.err;
  EXPECT_NE(info.out.find("Mounted Media:         1Bh, DVD+R"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Media ID:              DISCMSTR/R01"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Write Speed #0:        22.0x1385=30470KB/s"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Disc status:           appendable"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("READ CAPACITY:          304*2048=622592"), std::string::npos) << info.out;

  // A second session: xorriso appends, and reading the disc shows both sessions' files.
  const ProcessResult second =
      onDvdWriter({"--medium-file", disc}, {"xorriso", "-dev", "/dev/sr0", "-map", path("src/hello.txt"), "/second.txt",
                                            "-commit"});
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_NE((second.out + second.err).find("Media summary: 2 sessions"), std::string::npos) << second.out << second.err;
  const ProcessResult read = onDvdWriter({"--medium-file", disc}, {"xorriso", "-indev", "/dev/sr0", "-find", "/"});
  ASSERT_EQ(read.exit_code, 0) << read.out << read.err;
  EXPECT_NE(read.out.find("'/second.txt'"), std::string::npos) << read.out;
  EXPECT_NE(read.out.find("'/sub/numbers.txt'"), std::string::npos) << read.out;
}

TEST_F(BridgeDvdInterop, XorrisoBurnsDvdMinusR) {
  const std::string disc = path("disc.vrec");
  const std::string out = path("exported.iso");
  const ProcessResult r = onDvdWriter({"--medium", "dvd-r", "--medium-file", disc, "--export-image", out},
                                      {"xorriso", "-outdev", "/dev/sr0", "-volid", "BRIDGE", "-map", path("src"), "/",
                                       "-commit"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string said = r.out + r.err;
  EXPECT_NE(said.find("Media current: DVD-R sequential recording"), std::string::npos) << said;
  EXPECT_NE(said.find("Writing to '/dev/sr0' completed successfully."), std::string::npos) << said;
  judgeExport(out);
}

TEST_F(BridgeDvdInterop, GrowisofsBurnsDvdPlusRAndDvdPlusRw) {
  ASSERT_TRUE(judges::onPath("growisofs")) << "dvd+rw-tools is not installed: run tools/setup.sh";
  // growisofs re-executes itself with the device open (to unmount and reload); the bridge adopts
  // the inherited device fd in the new process.
  const std::string iso = makeIso();
  auto slurp = [](const std::string& file) {
    std::ifstream f(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  };
  for (const char* medium : {"dvd+r", "dvd+rw"}) {
    const std::string out = path(std::string("exported-") + medium + ".iso");
    const ProcessResult r = onDvdWriter({"--medium", medium, "--export-image", out}, {"growisofs", "-Z", "/dev/sr0=" + iso});
    ASSERT_EQ(r.exit_code, 0) << medium << "\n" << r.out << r.err;
    const std::string said = r.out + r.err;
    EXPECT_NE(said.find("/dev/sr0: flushing cache"), std::string::npos) << said;
    EXPECT_NE(said.find(std::string(medium) == "dvd+r" ? "/dev/sr0: closing session" : "/dev/sr0: writing lead-out"),
              std::string::npos)
        << said;
    // The exported track is the image padded to whole 32 KiB ECC blocks.
    const std::string written = slurp(out), original = slurp(iso);
    ASSERT_GE(written.size(), original.size()) << medium;
    EXPECT_EQ(written.size() % 32768, 0u) << medium;
    EXPECT_TRUE(written.compare(0, original.size(), original) == 0) << medium << ": the disc differs from the image";
    judgeExport(out);
  }
}

}  // namespace dm::interop
