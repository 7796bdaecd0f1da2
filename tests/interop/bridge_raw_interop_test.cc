// Raw writing through the SG_IO bridge: unmodified wodim (-raw96r, -raw16) and cdrdao
// (--driver generic-mmc-raw) build every block themselves — lead-in TOC in the Q sub-channel, data
// sectors encoded and scrambled, the lead-out — and the virtual recorder records what they send.
// Independent readers judge the disc: cd-info (TOC, MCN), bsdtar/isoinfo (the ISO read back),
// cdrdao read-toc (ISRCs, pregaps) and cdrdao read-cd with the raw P-W sub-channel (every Q frame's
// CRC valid, positions where they belong). A missing client is a set-up failure, never a skip.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/interop/bridge_fixture.h"

namespace dm::interop {
namespace {

class BridgeRaw : public BridgeInterop {
 protected:
  // `seconds` of a 16-bit stereo 44.1 kHz sine as a WAV file (10 s = 750 sectors).
  std::string wav(const std::string& name, int seconds, double hertz) const {
    const uint32_t frames = 44'100u * static_cast<uint32_t>(seconds);
    std::vector<uint8_t> bytes;
    const auto le = [&bytes](uint32_t v, int n) {
      for (int i = 0; i < n; ++i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
    };
    bytes.insert(bytes.end(), {'R', 'I', 'F', 'F'});
    le(36 + frames * 4, 4);
    bytes.insert(bytes.end(), {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '});
    for (const auto& [v, n] : std::vector<std::pair<uint32_t, int>>{{16, 4}, {1, 2}, {2, 2}, {44'100, 4}, {176'400, 4}, {4, 2}, {16, 2}}) {
      le(v, n);
    }
    bytes.insert(bytes.end(), {'d', 'a', 't', 'a'});
    le(frames * 4, 4);
    for (uint32_t i = 0; i < frames; ++i) {
      const auto v = static_cast<int16_t>(8000 * std::sin(i * 2 * M_PI * hertz / 44'100));
      le(static_cast<uint16_t>(v), 2);
      le(static_cast<uint16_t>(v), 2);
    }
    const std::string file = path(name);
    std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return file;
  }

  static std::string slurp(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  std::string cdInfo(const std::string& disc) const {
    const ProcessResult info = emulate({"--medium-file", disc}, {"cd-info", "--no-device-info", "/dev/sr0"});
    EXPECT_EQ(info.exit_code, 0) << info.err;
    return info.out;
  }

  // The disc's ISO read back by the independent judges.
  void judgeIsoOf(const std::string& disc) const {
    const std::string out = path("exported.iso");
    const ProcessResult exported = run({DM_CLI_PATH, "export", "--medium-file", disc, "-o", out});
    ASSERT_EQ(exported.exit_code, 0) << exported.out << exported.err;
    judgeExport(out);
  }
};

// The Red Book Q CRC (CRC-16 x^16+x^12+x^5+1 over bytes 0-9, stored inverted), the judge's own.
bool qCrcOk(const uint8_t* q) {
  uint16_t crc = 0;
  for (int i = 0; i < 10; ++i) {
    crc = static_cast<uint16_t>(crc ^ q[i] << 8);
    for (int b = 0; b < 8; ++b) crc = static_cast<uint16_t>((crc & 0x8000) != 0 ? crc << 1 ^ 0x1021 : crc << 1);
  }
  crc = static_cast<uint16_t>(~crc);
  return q[10] == (crc >> 8) && q[11] == (crc & 0xFF);
}
int fromBcd(uint8_t v) { return (v >> 4) * 10 + (v & 0x0F); }

TEST_F(BridgeRaw, WodimRaw96rDataDiscReadsBack) {
  const std::string disc = path("disc.vrec");
  const std::string trace = path("burn.trace");
  const ProcessResult burn =
      emulate({"--medium-file", disc, "--trace", trace}, {"wodim", "-v", "dev=/dev/sr0", "-raw96r", "-data", makeIso()});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  EXPECT_NE(burn.out.find("Supported modes: TAO SAO SAO/R96P SAO/R96R RAW/R16 RAW/R96P RAW/R96R"), std::string::npos)
      << burn.out;
  EXPECT_NE(burn.out.find("in real RAW/RAW96R mode"), std::string::npos) << burn.out;
  // wodim took the drive's NWA as the lead-in start (no "Drive returns wrong startsec" warning).
  EXPECT_NE(burn.out.find("Writing lead-in at sector -11634"), std::string::npos) << burn.out;
  EXPECT_EQ(burn.err.find("wrong startsec"), std::string::npos) << burn.err;
  const std::string events = slurp(trace);
  EXPECT_NE(events.find("RAW-SESSION lead-in=-11634 block=2448"), std::string::npos);
  EXPECT_NE(events.find("RAW-SESSION-CLOSED tracks=1-1"), std::string::npos);

  const std::string info = cdInfo(disc);
  EXPECT_NE(info.find("Disc mode is listed as: CD-DATA (Mode 1)"), std::string::npos) << info;
  EXPECT_NE(info.find("  1: 00:02:00  000000 data"), std::string::npos) << info;
  EXPECT_NE(info.find("CD-ROM with ISO 9660 filesystem"), std::string::npos) << info;
  judgeIsoOf(disc);
}

TEST_F(BridgeRaw, WodimRaw96rAudioKeepsPregapCatalogIsrcAndAValidSubChannel) {
  const std::string disc = path("disc.vrec");
  const ProcessResult burn =
      emulate({"--medium-file", disc}, {"wodim", "-v", "dev=/dev/sr0", "-raw96r", "mcn=1234567890123", "-audio",
                                        "isrc=USABC9900001", wav("a.wav", 10, 440), "isrc=GBXYZ0512345", wav("b.wav", 10, 660)});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;

  const std::string info = cdInfo(disc);
  EXPECT_NE(info.find("Disc mode is listed as: CD-DA"), std::string::npos) << info;
  EXPECT_NE(info.find("  1: 00:02:00  000000 audio"), std::string::npos) << info;
  EXPECT_NE(info.find("  2: 00:12:00  000750 audio"), std::string::npos) << info;
  EXPECT_NE(info.find("170: 00:22:00  001500 leadout"), std::string::npos) << info;
  EXPECT_NE(info.find("Media Catalog Number (MCN): 1234567890123"), std::string::npos) << info;

  // wodim gives track 2 a 2 s pregap (index 0 from LBA 600): cdrdao finds it, and both ISRCs.
  const std::string toc = path("read.toc");
  const ProcessResult read = emulate({"--medium-file", disc}, {"cdrdao", "read-toc", "--device", "/dev/sr0", toc});
  ASSERT_EQ(read.exit_code, 0) << read.out << read.err;
  const std::string text = slurp(toc);
  EXPECT_NE(text.find("ISRC \"USABC9900001\""), std::string::npos) << text;
  EXPECT_NE(text.find("ISRC \"GBXYZ0512345\""), std::string::npos) << text;
  EXPECT_NE(text.find("START 00:02:00"), std::string::npos) << text;

  // READ CD with the raw P-W sub-channel, through cdrdao read-cd: 2352 + 96 bytes a block.
  const std::string bin = path("raw.bin");
  const ProcessResult raw = emulate({"--medium-file", disc}, {"cdrdao", "read-cd", "--read-subchan", "rw_raw", "--device",
                                                              "/dev/sr0", "--datafile", bin, path("raw.toc")});
  ASSERT_EQ(raw.exit_code, 0) << raw.out << raw.err;
  const std::string blocks = slurp(bin);
  ASSERT_EQ(blocks.size(), 1500u * 2448u);
  int positions = 0, catalogs = 0, isrcs = 0;
  for (size_t lba = 0; lba < 1500; ++lba) {
    uint8_t q[12] = {};
    for (size_t n = 0; n < 96; ++n) {
      if ((static_cast<uint8_t>(blocks[lba * 2448 + 2352 + n]) & 0x40) != 0) q[n / 8] |= static_cast<uint8_t>(0x80 >> (n % 8));
    }
    ASSERT_TRUE(qCrcOk(q)) << "LBA " << lba;
    const int adr = q[0] & 0x0F;
    if (adr == 2) ++catalogs;
    if (adr == 3) ++isrcs;
    if (adr != 1) continue;
    ++positions;
    // Absolute time is the LBA + 2 s; track 1 up to 599, track 2's pregap 600-749, its body after.
    ASSERT_EQ((fromBcd(q[7]) * 60 + fromBcd(q[8])) * 75 + fromBcd(q[9]) - 150, static_cast<int>(lba));
    const int tno = fromBcd(q[1]), index = fromBcd(q[2]);
    ASSERT_EQ(tno, lba < 600 ? 1 : 2) << lba;
    ASSERT_EQ(index, lba >= 600 && lba < 750 ? 0 : 1) << lba;
  }
  EXPECT_GT(positions, 1400);
  EXPECT_GE(catalogs, 14);
  EXPECT_GE(isrcs, 14);
}

TEST_F(BridgeRaw, WodimRaw16WritesWithSixteenBytePq) {
  const std::string disc = path("disc.vrec");
  const std::string trace = path("burn.trace");
  const ProcessResult burn =
      emulate({"--medium-file", disc, "--trace", trace}, {"wodim", "-v", "dev=/dev/sr0", "-raw16", "-data", makeIso()});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  EXPECT_NE(burn.out.find("in real RAW/RAW16 mode"), std::string::npos) << burn.out;
  EXPECT_NE(slurp(trace).find("RAW-SESSION lead-in=-11634 block=2368"), std::string::npos);
  EXPECT_NE(cdInfo(disc).find("  1: 00:02:00  000000 data"), std::string::npos);
  judgeIsoOf(disc);
}

TEST_F(BridgeRaw, WodimRawDummyLeavesTheDiscBlank) {
  const std::string disc = path("disc.vrec");
  const ProcessResult burn =
      emulate({"--medium-file", disc}, {"wodim", "-v", "dev=/dev/sr0", "-raw96r", "-dummy", "-data", makeIso()});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  const ProcessResult info = run({DM_CLI_PATH, "info", "--medium-file", disc});
  EXPECT_NE(info.out.find("(blank)"), std::string::npos) << info.out << info.err;
}

TEST_F(BridgeRaw, CdrdaoGenericMmcRawWritesAudioWithCatalogIsrcAndPregap) {
  const std::string toc = path("write.toc");
  std::ofstream(toc) << "CD_DA\nCATALOG \"1234567890123\"\nTRACK AUDIO\nISRC \"USABC9900001\"\nFILE \""
                     << wav("a.wav", 10, 440) << "\" 0\nTRACK AUDIO\nPREGAP 0:2:0\nFILE \"" << wav("b.wav", 10, 660)
                     << "\" 0\n";
  const std::string disc = path("disc.vrec");
  const ProcessResult burn =
      emulate({"--medium-file", disc}, {"cdrdao", "write", "--device", "/dev/sr0", "--driver", "generic-mmc-raw", toc});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  // cdrdao tries data block type 1 first (GenericMMCraw.cc setSubChannelMode).
  EXPECT_NE((burn.out + burn.err).find("Using 16 byte P-Q sub-channel data mode."), std::string::npos) << burn.err;
  const std::string info = cdInfo(disc);
  EXPECT_NE(info.find("  2: 00:14:00  000900 audio"), std::string::npos) << info;
  EXPECT_NE(info.find("170: 00:24:00  001650 leadout"), std::string::npos) << info;
  EXPECT_NE(info.find("Media Catalog Number (MCN): 1234567890123"), std::string::npos) << info;
  const std::string back = path("read.toc");
  const ProcessResult read = emulate({"--medium-file", disc}, {"cdrdao", "read-toc", "--device", "/dev/sr0", back});
  ASSERT_EQ(read.exit_code, 0) << read.out << read.err;
  EXPECT_NE(slurp(back).find("ISRC \"USABC9900001\""), std::string::npos) << slurp(back);
}

TEST_F(BridgeRaw, CdrdaoGenericMmcRawWritesAScrambledDataTrack) {
  const std::string toc = path("write.toc");
  // Padded to the 4 s minimum; --force accepts cdrdao's short-track warning.
  std::ofstream(toc) << "CD_ROM\nTRACK MODE1\nDATAFILE \"" << makeIso() << "\"\nZERO MODE1 00:04:00\n";
  const std::string disc = path("disc.vrec");
  const ProcessResult burn = emulate({"--medium-file", disc},
                                     {"cdrdao", "write", "--force", "--device", "/dev/sr0", "--driver", "generic-mmc-raw", toc});
  ASSERT_EQ(burn.exit_code, 0) << burn.out << burn.err;
  EXPECT_NE(cdInfo(disc).find("  1: 00:02:00  000000 data"), std::string::npos);
  judgeIsoOf(disc);
}

}  // namespace
}  // namespace dm::interop
