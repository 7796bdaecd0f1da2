// Pre-recorded discs from images (emulator/media/medium_image.h), read back through hand-written
// CDBs: a cue sheet with a generated PREGAP, a pregap in the file (INDEX 00), INDEX 02, ISRC, FLAGS,
// CATALOG, TITLE/PERFORMER and two FILEs gives the PCM back through READ CD, the right Q
// sub-channel (positions, MCN, ISRC) and the right TOC (formats 0 and 2); an ISO made by genisoimage
// reads back identical through READ(10); BIN/CUE export and import round-trip a multisession disc;
// bad cue sheets and BINs are errors with file:line:column.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "emulator/media/cd_text.h"
#include "emulator/media/medium_image.h"
#include "emulator/media/raw_sector.h"
#include "mixed_disc_support.h"

namespace vrec_test {
namespace {

namespace fs = std::filesystem;

Bytes readCdCdb(int32_t lba, uint32_t count, uint8_t main, uint8_t sub) {
  const auto v = static_cast<uint32_t>(lba);
  return {0xBE, 0x00, static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8),
          static_cast<uint8_t>(v), static_cast<uint8_t>(count >> 16), static_cast<uint8_t>(count >> 8),
          static_cast<uint8_t>(count), main, sub, 0x00};
}

void writeFile(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }
void writeFile(const fs::path& path, const Bytes& bytes) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}
Bytes readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}
Bytes concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class MediumImageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("vrec-image-" + std::to_string(getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// The album: file offsets in album.bin (2352-byte sectors) and the LBAs they land on.
//   track 1 audio   file 0..349      LBA 0..349, INDEX 02 at 150
//   track 2 audio   PREGAP 75 (LBA 350..424, generated), file 350..669 → LBA 425..744; PRE DCP, ISRC
//   track 3 audio   INDEX 00 file 670 (LBA 745), INDEX 01 file 820 (LBA 895), to file 1129 (LBA 1204)
//   track 4 Mode 1  data.iso (2048-byte sectors), PREGAP 150 (LBA 1205..1354), LBA 1355..1654
constexpr const char* kAlbumCue =
    "REM written by hand for the import test\n"
    "CATALOG 0123456789012\n"
    "PERFORMER \"The Testers\"\n"
    "TITLE \"Test Album\"\n"
    "FILE \"album.bin\" BINARY\n"
    "  TRACK 01 AUDIO\n"
    "    TITLE \"Opening\"\n"
    "    INDEX 01 00:00:00\n"
    "    INDEX 02 00:02:00\n"
    "  TRACK 02 AUDIO\n"
    "    TITLE \"Second\"\n"
    "    PERFORMER \"Guest\"\n"
    "    FLAGS PRE DCP\n"
    "    ISRC USRC17607839\n"
    "    PREGAP 00:01:00\n"
    "    INDEX 01 00:04:50\n"
    "  TRACK 03 AUDIO\n"
    "    INDEX 00 00:08:70\n"
    "    INDEX 01 00:10:70\n"
    "FILE \"data.iso\" BINARY\n"
    "  TRACK 04 MODE1/2048\n"
    "    PREGAP 00:02:00\n"
    "    INDEX 01 00:00:00\n";

TEST_F(MediumImageTest, CueSheetDiscReadsBackThroughReadCdAndToc) {
  const Bytes album = pcm(0, 1130);
  const Bytes data = payload(0, 300);
  writeFile(dir_ / "album.bin", album);
  writeFile(dir_ / "data.iso", data);
  writeFile(dir_ / "album.cue", std::string(kAlbumCue));
  vrec::MediumImageLoad load = vrec::MediumImage::load(dir_ / "album.cue", std::nullopt);
  ASSERT_TRUE(load.ok()) << load.error;
  EXPECT_EQ(load.medium->kind(), vrec::MediumKind::kCdR21);  // the smallest CD-R it fits on
  EXPECT_EQ(load.medium->mcn(), "0123456789012");
  vrec::Recorder r(vrec::DriveProfile::defaultCdRecorder(), std::move(*load.medium));

  // PCM: track 1, track 2 after its generated pregap, track 3 from its INDEX 00.
  const auto pcmAt = [&album](size_t file_sector, size_t n) {
    return Bytes(album.begin() + static_cast<ptrdiff_t>(file_sector * 2352),
                 album.begin() + static_cast<ptrdiff_t>((file_sector + n) * 2352));
  };
  EXPECT_EQ(dataIn(r, readCdCdb(0, 27, 0x10, 0), 27 * 2352).data, pcmAt(0, 27));
  EXPECT_EQ(dataIn(r, readCdCdb(425, 20, 0x10, 0), 20 * 2352).data, pcmAt(350, 20));
  EXPECT_EQ(dataIn(r, readCdCdb(745, 10, 0x10, 0), 10 * 2352).data, pcmAt(670, 10));
  EXPECT_EQ(dataIn(r, readCdCdb(424, 1, 0x10, 0), 2352).data, Bytes(2352, 0));  // the generated pregap: silence
  // The data track through READ(10).
  const Reply read10 = dataIn(r, read10Cdb(1355, 32), 32 * 2048);
  ASSERT_TRUE(read10.good()) << read10.sense();
  EXPECT_EQ(read10.data, payload(0, 32));

  const auto q = [&r](int32_t lba) { return dataIn(r, readCdCdb(lba, 1, 0x00, 2), 16).data; };
  // INDEX 02 of track 1 starts at LBA 150.
  EXPECT_EQ(q(149)[2], 0x01);
  EXPECT_EQ(q(150)[2], 0x02);
  // Track 2's pregap: index 0, P flag, relative time counting down (LBA 350: 00:01:00 before index 1).
  Bytes pregap = q(350);
  EXPECT_EQ(pregap[0], 0x31);  // CONTROL 3 (pre-emphasis, copy permitted), ADR 1
  EXPECT_EQ(pregap[1], 0x02);
  EXPECT_EQ(pregap[2], 0x00);
  EXPECT_EQ(pregap[4], 0x01);
  EXPECT_EQ(pregap[5], 0x00);
  EXPECT_EQ(pregap[15], 0x80);
  // MCN in Q mode 2 where (LBA + 450,150) mod 100 = 1, e.g. LBA 51 (absolute frame 00:02:51 → 51).
  const Bytes mcn = q(51);
  EXPECT_EQ(mcn[0], 0x02);
  EXPECT_EQ((Bytes(mcn.begin() + 1, mcn.begin() + 10)), (Bytes{0x01, 0x23, 0x45, 0x67, 0x89, 0x01, 0x20, 0x00, 0x51}));
  // ISRC in Q mode 3 where it is 51, inside track 2 (LBA 501), with track 2's control.
  const Bytes isrc = q(501);
  EXPECT_EQ(isrc[0], 0x33);
  EXPECT_EQ((Bytes(isrc.begin() + 1, isrc.begin() + 9)), (Bytes{0x96, 0x38, 0x93, 0x04, 0x76, 0x07, 0x83, 0x90}));
  EXPECT_EQ(vrec::qCrc(std::span<const uint8_t>(isrc.data(), 10)), isrc[10] << 8 | isrc[11]);
  // Track 1 has no ISRC: its frame 51 slot (LBA 101) is a position frame.
  EXPECT_EQ(q(101)[0], 0x01);

  // READ TOC format 0: four tracks and the lead-out, with their controls.
  const Reply toc = dataIn(r, {0x43, 0x00, 0x00, 0, 0, 0, 0x00, 0x03, 0x24, 0x00}, 804);
  ASSERT_TRUE(toc.good()) << toc.sense();
  ASSERT_EQ(toc.data.size(), 4u + 5 * 8);
  EXPECT_EQ(toc.data[2], 1);
  EXPECT_EQ(toc.data[3], 4);
  const struct {
    uint8_t control, track;
    int32_t lba;
  } expected[] = {{0x10, 1, 0}, {0x13, 2, 425}, {0x10, 3, 895}, {0x14, 4, 1355}, {0x14, 0xAA, 1655}};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(toc.data[4 + 8 * i + 1], expected[i].control) << i;
    EXPECT_EQ(toc.data[4 + 8 * i + 2], expected[i].track) << i;
    EXPECT_EQ(static_cast<int32_t>(be32(toc.data, 4 + 8 * i + 4)), expected[i].lba) << i;
  }
  // Format 2: A0 first track 1, A1 last track 4, A2 lead-out at 00:22:05 (LBA 1655 + 150 = 1805 frames).
  const Reply full = dataIn(r, {0x43, 0x02, 0x02, 0, 0, 0, 0x01, 0x03, 0x24, 0x00}, 804);
  ASSERT_TRUE(full.good()) << full.sense();
  bool a0 = false, a1 = false, a2 = false;
  for (size_t at = 4; at + 11 <= full.data.size(); at += 11) {
    const uint8_t* d = full.data.data() + at;
    if (d[3] == 0xA0) a0 = d[8] == 1;
    if (d[3] == 0xA1) a1 = d[8] == 4;
    if (d[3] == 0xA2) a2 = d[8] == 0 && d[9] == 24 && d[10] == 5;
  }
  EXPECT_TRUE(a0 && a1 && a2);

  // CD-TEXT packs carry the titles and performers, each pack with a good CRC.
  const std::vector<uint8_t>& packs = r.medium().cdText();
  ASSERT_FALSE(packs.empty());
  ASSERT_EQ(packs.size() % 18, 0u);
  for (size_t at = 0; at < packs.size(); at += 18) {
    EXPECT_EQ(vrec::qCrc(std::span<const uint8_t>(packs.data() + at, 16)), packs[at + 16] << 8 | packs[at + 17]);
  }
  const vrec::CdTextStrings text = vrec::decodeCdText(packs, 4);
  EXPECT_EQ(text.titles[0], "Test Album");
  EXPECT_EQ(text.performers[0], "The Testers");
  EXPECT_EQ(text.titles[2], "Second");
  EXPECT_EQ(text.performers[2], "Guest");
  EXPECT_EQ(text.titles[3], "");
}

TEST_F(MediumImageTest, GenisoimageIsoReadsBackIdentical) {
  const fs::path iso = dir_ / "hello.iso";
  const std::string command = "genisoimage -quiet -r -J -V HELLO -o '" + iso.string() + "' '" +
                              std::string(VREC_TEST_SOURCE_DIR) + "/scenarios/samples/hello'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const Bytes image = readFile(iso);
  ASSERT_EQ(image.size() % 2048, 0u);
  vrec::MediumImageLoad load = vrec::MediumImage::load(iso, vrec::MediumKind::kCdR74);
  ASSERT_TRUE(load.ok()) << load.error;
  EXPECT_EQ(load.medium->describe(), "CD-R 74 min (1 session, closed)");
  vrec::Recorder r(vrec::DriveProfile::defaultCdRecorder(), std::move(*load.medium));
  const auto blocks = static_cast<uint32_t>(image.size() / 2048);
  Bytes back;
  for (uint32_t lba = 0; lba < blocks; lba += 32) {
    const auto n = static_cast<uint16_t>(std::min<uint32_t>(32, blocks - lba));
    const Reply read = dataIn(r, read10Cdb(static_cast<int32_t>(lba), n), n * 2048u);
    ASSERT_TRUE(read.good()) << lba << " " << read.sense();
    back = concat(back, read.data);
  }
  EXPECT_EQ(back, image);
  // READ CAPACITY: the last block of the image.
  EXPECT_EQ(be32(dataIn(r, {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 8).data, 0), blocks - 1);
}

TEST_F(MediumImageTest, MultisessionDiscRoundTripsThroughBinCue) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackMultisession, kMode1).good());
  writeBlocks(r, 0, 300);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeSession(r).good());
  const auto nwa = static_cast<int32_t>(be32(trackInfo(r, 0xFF).data, 12));
  ASSERT_EQ(nwa, 300 + 2 + 11'400);
  writeBlocks(r, nwa, 310);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeSession(r).good());

  const fs::path cue = dir_ / "two.cue";
  ASSERT_FALSE(r.medium().exportBinCue(cue).has_value());
  const Bytes text = readFile(cue);
  const std::string sheet(text.begin(), text.end());
  EXPECT_NE(sheet.find("REM SESSION 02\n  TRACK 02 MODE1/2352\n    INDEX 01 00:04:02\n"), std::string::npos) << sheet;
  EXPECT_EQ(fs::file_size(dir_ / "two.bin"), (302u + 312u) * 2352u);

  vrec::MediumImageLoad load = vrec::MediumImage::load(cue, vrec::MediumKind::kCdR80);
  ASSERT_TRUE(load.ok()) << load.error;
  ASSERT_EQ(load.medium->sessions().size(), 2u);
  EXPECT_EQ(load.medium->tracks()[1].start_lba, nwa);
  vrec::Recorder back(vrec::DriveProfile::defaultCdRecorder(), std::move(*load.medium));
  EXPECT_EQ(dataIn(back, read10Cdb(nwa, 32), 32 * 2048).data, payload(nwa, 32));
  EXPECT_EQ(dataIn(back, readCdCdb(nwa + 5, 1, 0xF8, 0), 2352).data, dataIn(r, readCdCdb(nwa + 5, 1, 0xF8, 0), 2352).data);
}

TEST_F(MediumImageTest, RawMode2TrackKeepsItsSectors) {
  // A MODE2/2352 track of XA Form 1 sectors (made with the emulator's encoder at their LBAs).
  Bytes bin;
  for (int32_t lba = 0; lba < 300; ++lba) {
    std::array<uint8_t, 2352> raw{};
    const Bytes user = payload(lba, 1);
    vrec::encodeMode2Form1(lba, vrec::XaSubheader{0, 0, vrec::kSubmodeData, 0},
                           std::span<const uint8_t, 2048>(user.data(), 2048), raw);
    bin.insert(bin.end(), raw.begin(), raw.end());
  }
  writeFile(dir_ / "xa.bin", bin);
  writeFile(dir_ / "xa.cue", std::string("FILE \"xa.bin\" BINARY\n  TRACK 01 MODE2/2352\n    INDEX 01 00:00:00\n"));
  vrec::MediumImageLoad load = vrec::MediumImage::load(dir_ / "xa.cue", std::nullopt);
  ASSERT_TRUE(load.ok()) << load.error;
  vrec::Recorder r(vrec::DriveProfile::defaultCdRecorder(), std::move(*load.medium));
  // READ CD: expected type Mode 2 Form 1 (100b) matches; Mode 1 (010b) does not.
  Bytes cdb = readCdCdb(7, 1, 0xF8, 0);
  cdb[1] = 4 << 2;
  EXPECT_EQ(dataIn(r, cdb, 2352).data, Bytes(bin.begin() + 7 * 2352, bin.begin() + 8 * 2352));
  cdb[1] = 2 << 2;
  EXPECT_EQ(dataIn(r, cdb, 2352).sense(), "05/64/00");
  // Subheader + user data + EDC/ECC of Form 1: 8 + 2048 + 280 bytes from offset 16.
  cdb = readCdCdb(7, 1, 0x58, 0);
  EXPECT_EQ(dataIn(r, cdb, 2352).data, Bytes(bin.begin() + 7 * 2352 + 16, bin.begin() + 8 * 2352));
  // READ(10) returns the Form 1 user data, and BIN/CUE export says MODE2/2352 with the same bytes.
  EXPECT_EQ(dataIn(r, read10Cdb(7, 2), 4096).data, payload(7, 2));
  ASSERT_FALSE(r.medium().exportBinCue(dir_ / "out.cue").has_value());
  EXPECT_EQ(readFile(dir_ / "out.bin"), bin);
  const Bytes cue = readFile(dir_ / "out.cue");
  EXPECT_NE(std::string(cue.begin(), cue.end()).find("TRACK 01 MODE2/2352"), std::string::npos);
}

TEST_F(MediumImageTest, PostgapBelongsToItsTrackAndExportErrorsNameThePath) {
  writeFile(dir_ / "p.bin", pcm(0, 600));
  writeFile(dir_ / "p.cue", std::string("FILE \"p.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"
                                         "    POSTGAP 00:01:00\n  TRACK 02 AUDIO\n    INDEX 01 00:04:00\n"));
  vrec::MediumImageLoad load = vrec::MediumImage::load(dir_ / "p.cue", std::nullopt);
  ASSERT_TRUE(load.ok()) << load.error;
  // Track 1: file sectors 0..299 and 75 generated blocks after them, still track 1 index 1.
  EXPECT_EQ(load.medium->tracks()[0].recorded_sectors, 375u);
  EXPECT_EQ(load.medium->tracks()[1].start_lba, 375);
  vrec::Recorder r(vrec::DriveProfile::defaultCdRecorder(), std::move(*load.medium));
  const Reply q = dataIn(r, readCdCdb(320, 1, 0x00, 2), 16);
  EXPECT_EQ(q.data[1], 0x01);
  EXPECT_EQ(q.data[2], 0x01);
  EXPECT_EQ(dataIn(r, readCdCdb(320, 1, 0x10, 0), 2352).data, Bytes(2352, 0));
  EXPECT_EQ(dataIn(r, readCdCdb(375, 1, 0x10, 0), 2352).data, pcm(300, 1));

  const auto error = r.medium().exportBinCue("/nonexistent-dir/vrec/out.cue");
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("/nonexistent-dir/vrec/out.bin"), std::string::npos) << *error;
  EXPECT_NE(error->find("No such file or directory"), std::string::npos) << *error;
}

TEST_F(MediumImageTest, BadCueSheetsNameFileLineAndColumn) {
  writeFile(dir_ / "a.bin", pcm(0, 400));
  const std::string file = (dir_ / "bad.cue").string();
  const struct {
    std::string cue;
    std::string error;
  } cases[] = {
      {"FILE \"a.bin\" BINARY\n  TRACK 01 MODE3/2352\n", ":2:12: unknown track mode 'MODE3/2352'"},
      {"FILE \"a.bin\" BINARY\n  TRACK 02 AUDIO\n", ":2:9: track number '02': expected 1"},
      {"FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:61:00\n", ":3:14: time '00:61:00' is not mm:ss:ff"},
      {"FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 02 00:00:00\n", ":3:11: INDEX 02: expected INDEX 01"},
      {"FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    ISRC US-RC1760783\n    INDEX 01 00:00:00\n",
       ":3:10: ISRC 'US-RC1760783' is not"},
      {"CATALOG 12345\nFILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n", ":1:9: CATALOG needs 13 digits"},
      {"FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n  TRACK 02 AUDIO\n    INDEX 01 00:00:00\n", ":2:3: track 1 has no INDEX 01"},
      {"FILE \"a.bin\" WAVE\n", ":1:14: file type 'WAVE' is not supported"},
      {"FILE \"a.bin BINARY\n", ":1:6: unterminated quoted string"},
      {"FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n  FROB 1\n", ":4:3: unknown command 'FROB'"},
      {"  TRACK 01 AUDIO\n", ":1:3: TRACK before any FILE"},
      {"FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:02:00\n  TRACK 02 AUDIO\n    INDEX 01 00:01:00\n",
       ":5:14: INDEX time 00:01:00 is not after the previous index"},
  };
  for (const auto& c : cases) {
    writeFile(file, c.cue);
    const vrec::MediumImageLoad load = vrec::MediumImage::load(file, std::nullopt);
    ASSERT_FALSE(load.ok()) << c.cue;
    EXPECT_EQ(load.error.rfind(file + c.error, 0), 0u) << "got: " << load.error << "\nwanted: " << file + c.error;
  }
}

TEST_F(MediumImageTest, MissingOrWrongBinsAndOversizedDiscsAreClearErrors) {
  const std::string cue = (dir_ / "x.cue").string();
  writeFile(cue, std::string("FILE \"x.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"));
  vrec::MediumImageLoad load = vrec::MediumImage::load(cue, std::nullopt);
  ASSERT_FALSE(load.ok());
  EXPECT_NE(load.error.find(cue + ":1:6: cannot open '"), std::string::npos) << load.error;
  EXPECT_NE(load.error.find("No such file or directory"), std::string::npos) << load.error;

  writeFile(dir_ / "x.bin", Bytes(2352 * 300 + 100, 0));  // a partial sector at the end
  load = vrec::MediumImage::load(cue, std::nullopt);
  ASSERT_FALSE(load.ok());
  EXPECT_NE(load.error.find("leaves 100 bytes of a partial 2352-byte sector"), std::string::npos) << load.error;

  // 100,000 sectors do not fit on a 21-minute disc (94,350 sectors).
  const fs::path big = dir_ / "big.iso";
  std::ofstream(big, std::ios::binary).seekp(100'000LL * 2048 - 1).put('\0');
  load = vrec::MediumImage::load(big, vrec::MediumKind::kCdR21);
  ASSERT_FALSE(load.ok());
  EXPECT_NE(load.error.find("a CD-R 21 min (8 cm) holds"), std::string::npos) << load.error;

  writeFile(dir_ / "odd.iso", Bytes(2047, 0));
  EXPECT_NE(vrec::MediumImage::load(dir_ / "odd.iso", std::nullopt).error.find("not a whole"), std::string::npos);
  EXPECT_NE(vrec::MediumImage::load(dir_ / "disc.img", std::nullopt).error.find("unknown image type '.img'"),
            std::string::npos);
}

}  // namespace
}  // namespace vrec_test
