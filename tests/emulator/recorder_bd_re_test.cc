// BD-RE in the recorder (mmc.md §1.5, §2.2, §2.4, §6.4): a blank disc refuses WRITE until FORMAT
// UNIT 30h (spare areas; default 11,826,176 blocks), 31h (no spares, 12,219,392) or 00h ran; READ
// FORMAT CAPACITIES offers those; a formatted disc reports disc status 11b (random access), the
// formatted capacity in READ CAPACITY and feature 0020h, and takes WRITEs anywhere; full
// certification takes the whole user area's write time; no Test Write; the medium file keeps it,
// and a BD-R's spares and Pseudo-Overwrite.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "bd_test_support.h"
#include "emulator/drive/bd_speed.h"
#include "emulator/media/medium_file.h"

namespace vrec_test {
namespace {

using vrec::MediumKind;

TEST(BdRe, BlankDiscNeedsFormatBeforeWrites) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdRe);
  EXPECT_EQ(dataOut(r, write10Cdb(0, 32), payload(0, 32)).sense(), "05/30/10");
  const Reply di = discInfo(r);
  EXPECT_EQ(di.data[2], 0x10);  // erasable, blank
  const Reply fc = formatCapacities(r);
  ASSERT_TRUE(fc.good()) << fc.sense();
  ASSERT_EQ(fc.data[3], 48);  // current + 00h + three 30h + 31h
  EXPECT_EQ(be32(fc.data, 4), kBdFull);
  EXPECT_EQ(fc.data[8] & 0x03, 0x01);  // unformatted
  const std::vector<std::pair<uint8_t, uint32_t>> expected{
      {0x00, kBdDefaultSpares}, {0x30, kBdDefaultSpares}, {0x30, kBdMaximalSpares}, {0x30, kBdMinimalSpares}, {0x31, kBdFull}};
  for (size_t i = 0; i < expected.size(); ++i) {
    const size_t at = 12 + 8 * i;
    EXPECT_EQ(fc.data[at + 4] >> 2, expected[i].first) << i;
    EXPECT_EQ(be32(fc.data, at), expected[i].second) << i;
  }
  // The type-dependent parameter: spare clusters, 3000h for the default (4,096 + 8,192).
  EXPECT_EQ(be32(fc.data, 16) & 0xFFFFFF, 0x3000u);
  EXPECT_EQ(formatBd(r, 0x26, 0xFFFFFFFF).sense(), "05/26/00");           // the DVD+RW format
  EXPECT_EQ(formatBd(r, 0x32, kBdDefaultSpares).sense(), "05/26/00");     // the BD-R format
  EXPECT_EQ(formatBd(r, 0x30, kBdFull).sense(), "05/26/00");              // no room for the spares
  EXPECT_EQ(formatBd(r, 0x30, kBdDefaultSpares + 1).sense(), "05/26/00");  // not whole clusters
  EXPECT_EQ(formatBd(r, 0x31, kBdDefaultSpares).sense(), "05/26/00");     // 31h formats all of it
}

TEST(BdRe, FormatWithSparesThenOverwriteAnywhere) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdRe);
  ASSERT_TRUE(formatBd(r, 0x30, kBdDefaultSpares, 0, true).good());
  EXPECT_EQ(testUnitReady(r).sense(), "02/04/07");  // IMMED: formatting
  EXPECT_EQ(dataOut(r, write10Cdb(0, 32), payload(0, 32)).sense(), "02/04/07");
  r.advance(91 * vrec::kTicksPerSecond);  // a quick format: 90 s (mmc.md §7: 1-3 min)
  ASSERT_TRUE(testUnitReady(r).good());
  const Reply cap = readCapacity(r);
  EXPECT_EQ(be32(cap.data, 0), kBdDefaultSpares - 1);
  const Reply di = discInfo(r);
  EXPECT_EQ(di.data[2], 0x10 | 0x0C | 0x03);  // erasable, complete session, random access
  const Reply fc = formatCapacities(r);
  EXPECT_EQ(fc.data[8] & 0x03, 0x02);
  EXPECT_EQ(be32(fc.data, 4), kBdDefaultSpares);
  const Reply config = configuration(r);
  EXPECT_EQ(be16(config.data, 6), 0x0043);
  EXPECT_EQ(featureCurrent(config.data, 0x0020), true);  // Random Writable
  EXPECT_EQ(featureCurrent(config.data, 0x0024), true);  // Hardware Defect Management (spares)
  EXPECT_EQ(featureCurrent(config.data, 0x0041), true);  // BD Write

  writeBd(r, 4096, 64);
  writeBd(r, 0, 32);
  writeBd(r, 16, 32);  // overwrite, not cluster aligned: the drive reads, modifies, writes
  EXPECT_EQ(dataOut(r, write10Cdb(static_cast<int32_t>(kBdDefaultSpares) - 16, 32), payload(0, 32)).sense(), "05/21/00");
  ASSERT_TRUE(syncCache(r).good());
  EXPECT_EQ(dataIn(r, read10Cdb(4096, 64), 64 * 2048).data, payload(4096, 64));
  EXPECT_EQ(dataIn(r, read10Cdb(0, 16), 16 * 2048).data, payload(0, 16));
  EXPECT_EQ(dataIn(r, read10Cdb(16, 32), 32 * 2048).data, payload(16, 32));
  const Reply zeros = dataIn(r, read10Cdb(100'000, 1), 2048);
  ASSERT_TRUE(zeros.good()) << zeros.sense();
  EXPECT_EQ(zeros.data, Bytes(2048, 0));
  // Track FFh of a random-access disc is its one track (growisofs, libburn and discmaster ask).
  const Reply ff = dvdTrackInfo(r, 0xFF);
  ASSERT_TRUE(ff.good()) << ff.sense();
  EXPECT_EQ(ff.data[2], 1);
  EXPECT_EQ(be32(ff.data, 24), kBdDefaultSpares);
  EXPECT_EQ(reserveTrack(r, 32).sense(), "05/2C/00");
  ASSERT_TRUE(closeFunction(r, 0x02).good());  // nothing to close: the buffer is written
  EXPECT_EQ(closeFunction(r, 0x06).sense(), "05/24/00");
  const Reply spare = bdStructure(r, 0x0A, 16);
  ASSERT_TRUE(spare.good()) << spare.sense();
  EXPECT_EQ(be32(spare.data, 8), 12'288u);
  EXPECT_EQ(r.medium().describe(), "BD-RE 25 GB (formatted)");
}

TEST(BdRe, FormatWithoutSparesAndReformat) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdRe);
  ASSERT_TRUE(formatBd(r, 0x31, kBdFull).good());
  EXPECT_EQ(be32(readCapacity(r).data, 0), kBdFull - 1);
  EXPECT_EQ(featureCurrent(configuration(r).data, 0x0024), false);  // no spares to manage
  EXPECT_EQ(bdStructure(r, 0x0A, 16).sense(), "05/24/00");
  writeBd(r, static_cast<int32_t>(kBdFull) - 32, 32);  // the last cluster is user data now
  ASSERT_TRUE(syncCache(r).good());
  // 00h: the default format with spares (dvd+rw-format's type); the user area shrinks.
  ASSERT_TRUE(formatBd(r, 0x00, kBdDefaultSpares).good());
  EXPECT_EQ(be32(readCapacity(r).data, 0), kBdDefaultSpares - 1);
  EXPECT_EQ(dataIn(r, read10Cdb(static_cast<int32_t>(kBdFull) - 32, 1), 2048).sense(), "05/21/00");
}

TEST(BdRe, FullCertificationWritesTheWholeUserArea) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdRe);
  const vrec::Ticks start = r.now();
  ASSERT_TRUE(formatBd(r, 0x30, kBdDefaultSpares, 2).good());  // subtype 10b: full certification
  const vrec::Ticks took = r.now() - start;
  const vrec::Ticks expected = vrec::ticksForBdSectorsMilli(kBdDefaultSpares, 2000);
  EXPECT_GE(took, expected);
  EXPECT_LT(took, expected + vrec::kTicksPerSecond);
  // mmc.md §7: 25 GB at 2× ≈ 45-60 min.
  EXPECT_GT(took, 44 * 60 * vrec::kTicksPerSecond);
  EXPECT_LT(took, 60 * 60 * vrec::kTicksPerSecond);
}

TEST(BdRe, TestWriteRefused) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdRe);
  EXPECT_EQ(selectDvdMinusRPage05(r, 0, false, true).sense(), "05/26/00");
}

TEST(BdRe, FormattedDiscRoundTripsThroughTheMediumFile) {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("vrec-bd-re-" + std::to_string(getpid()) + ".vrec");
  vrec::Recorder first = makeBdRecorder(MediumKind::kBdRe);
  ASSERT_TRUE(formatBd(first, 0x30, kBdMinimalSpares).good());
  writeBd(first, 64, 32);
  ASSERT_TRUE(syncCache(first).good());
  ASSERT_FALSE(vrec::MediumFile::save(first.medium(), file).has_value());
  vrec::MediumFileLoad load = vrec::MediumFile::load(file);
  std::filesystem::remove(file);
  ASSERT_TRUE(load.ok()) << load.error;
  vrec::Recorder second(bdWriterProfile(), std::move(*load.medium));
  EXPECT_EQ(be32(readCapacity(second).data, 0), kBdMinimalSpares - 1);
  EXPECT_EQ(discInfo(second).data[2] & 0x03, 0x03);
  EXPECT_EQ(dataIn(second, read10Cdb(64, 32), 32 * 2048).data, payload(64, 32));
}

}  // namespace
}  // namespace vrec_test

namespace vrec_test {
namespace {

TEST(BdR, PseudoOverwriteAndSparesSurviveTheMediumFile) {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("vrec-bd-r-" + std::to_string(getpid()) + ".vrec");
  vrec::Recorder first = makeBdRecorder(vrec::MediumKind::kBdR);
  ASSERT_TRUE(formatBd(first, 0x32, kBdDefaultSpares, 0).good());
  writeBd(first, 0, 32);
  ASSERT_TRUE(closeFunction(first, 0x01, 1).good());
  ASSERT_FALSE(vrec::MediumFile::save(first.medium(), file).has_value());
  vrec::MediumFileLoad load = vrec::MediumFile::load(file);
  std::filesystem::remove(file);
  ASSERT_TRUE(load.ok()) << load.error;
  vrec::Recorder second(bdWriterProfile(), std::move(*load.medium));
  EXPECT_TRUE(second.medium().pseudoOverwrite());
  EXPECT_EQ(be32(dvdTrackInfo(second, 0xFF).data, 16), kBdDefaultSpares - 32);
  writeBd(second, 0, 16);  // still pseudo-overwritable
}

}  // namespace
}  // namespace vrec_test
