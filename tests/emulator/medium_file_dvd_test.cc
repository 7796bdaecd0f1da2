// DVD media in medium files and exports: a DVD+R with two sessions and a formatted DVD+RW survive
// save and load (structure, background format status, NWA, data), and the ISO export of a DVD is
// its first data track's user data.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "dvd_test_support.h"
#include "emulator/media/medium_file.h"

namespace vrec_test {
namespace {
namespace fs = std::filesystem;
using vrec::MediumKind;

class DvdMediumFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vrec-dvd-medium-file-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

void writeDvd(vrec::Recorder& r, int32_t lba, uint32_t blocks) {
  for (uint32_t done = 0; done < blocks; done += 16) {
    const int32_t at = lba + static_cast<int32_t>(done);
    ASSERT_TRUE(dataOut(r, write10Cdb(at, 16), payload(at, 16)).good()) << at;
  }
}

TEST_F(DvdMediumFileTest, DvdPlusRSessionsRoundTripAndExport) {
  vrec::Recorder first = makeDvdRecorder(MediumKind::kDvdPlusR);
  writeDvd(first, 0, 64);
  ASSERT_TRUE(closeFunction(first, 0x01, 1).good());
  ASSERT_TRUE(closeFunction(first, 0x02).good());
  const fs::path file = dir_ / "plus.vrec";
  ASSERT_FALSE(vrec::MediumFile::save(first.medium(), file).has_value());
  vrec::MediumFileLoad load = vrec::MediumFile::load(file);
  ASSERT_TRUE(load.ok()) << load.error;
  vrec::Recorder second(dvdWriterProfile(), std::move(*load.medium));
  EXPECT_EQ(second.medium().describe(), "DVD+R 4.7 GB (1 session, appendable)");
  const uint32_t nwa = be32(dvdTrackInfo(second, 0xFF).data, 12);
  EXPECT_EQ(nwa, be32(dvdTrackInfo(first, 0xFF).data, 12));
  EXPECT_EQ(be32(dvdTrackInfo(second, 1).data, 24), 64u);  // no CD run-out on a DVD track
  writeDvd(second, static_cast<int32_t>(nwa), 16);
  ASSERT_TRUE(closeFunction(second, 0x06).good());
  EXPECT_EQ(discInfo(second).data[2] & 0x03, 0x02);

  const fs::path iso = dir_ / "plus.iso";
  ASSERT_FALSE(second.exportIso(iso).has_value());
  std::ifstream in(iso, std::ios::binary);
  const Bytes bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_EQ(bytes, payload(0, 64));
}

TEST_F(DvdMediumFileTest, FormattedDvdPlusRwRoundTrips) {
  vrec::Recorder first = makeDvdRecorder(MediumKind::kDvdPlusRw);
  ASSERT_TRUE(formatDvdPlusRw(first).good());
  writeDvd(first, 32, 32);
  ASSERT_TRUE(syncCache(first).good());
  ASSERT_TRUE(closeFunction(first, 0x00).good());  // background format stopped
  const fs::path file = dir_ / "rw.vrec";
  ASSERT_FALSE(vrec::MediumFile::save(first.medium(), file).has_value());
  vrec::MediumFileLoad load = vrec::MediumFile::load(file);
  ASSERT_TRUE(load.ok()) << load.error;
  vrec::Recorder second(dvdWriterProfile(), std::move(*load.medium));
  EXPECT_TRUE(second.medium().isFormatted());
  EXPECT_EQ(discInfo(second).data[7] & 0x03, 0x01);
  const Reply back = dataIn(second, read10Cdb(32, 32), 32 * 2048);
  EXPECT_EQ(back.data, payload(32, 32));
  ASSERT_TRUE(dataOut(second, write10Cdb(0, 16), payload(0, 16)).good());  // still overwritable
}

}  // namespace
}  // namespace vrec_test

namespace vrec_test {
namespace {

TEST_F(DvdMediumFileTest, AVersion3FileWithoutTheBdFieldsStillLoads) {
  vrec::Recorder first = makeDvdRecorder(vrec::MediumKind::kDvdPlusRw);
  ASSERT_TRUE(formatDvdPlusRw(first).good());
  const fs::path file = dir_ / "v4.vrec";
  ASSERT_FALSE(vrec::MediumFile::save(first.medium(), file).has_value());
  std::ifstream in(file, std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  in.close();
  // Version 4 added u32 formatted capacity + u8 pseudo-overwrite after the background format
  // status: magic 8, version 4, name 1 + 6 ("dvd+rw"), finalized, formatted, status.
  const size_t bd_fields = 8 + 4 + 1 + 6 + 3;
  ASSERT_EQ(bytes[8], 4);
  bytes[8] = 3;
  bytes.erase(bd_fields, 5);
  const fs::path old = dir_ / "v3.vrec";
  std::ofstream(old, std::ios::binary) << bytes;
  vrec::MediumFileLoad load = vrec::MediumFile::load(old);
  ASSERT_TRUE(load.ok()) << load.error;
  EXPECT_TRUE(load.medium->isFormatted());
  EXPECT_EQ(load.medium->capacitySectors(), 2'295'104u);
  EXPECT_FALSE(load.medium->formattedCapacity().has_value());
}

}  // namespace
}  // namespace vrec_test
