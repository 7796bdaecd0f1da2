// DiscMaster's record options: a Red Book disc and a Joliet disc recorded raw on a virtual
// recorder. The medium holds the tracks where the plan put them, READ CD returns the PCM with a
// valid Q sub-channel that says pregap (index 0) and track, READ(10) returns the data track's
// image, and raw writing is refused where it cannot work.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "engine/api/disc_master.h"
#include "engine/sector/subchannel.h"
#include "tests/api/api_test_support.h"

namespace dm::api {
namespace {
namespace fs = std::filesystem;

constexpr uint32_t kBlock = RedbookFormat::kAudioBlockSize;

std::vector<uint8_t> pcm(uint32_t blocks, uint8_t track) {
  std::vector<uint8_t> bytes(size_t{blocks} * kBlock);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(track * 29 + i / kBlock + i % 241);
  return bytes;
}

class RawRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dm-raw-record-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    source_.add("virtual:default");
  }
  void TearDown() override { fs::remove_all(dir_); }
  DiscMasterOptions options() {
    DiscMasterOptions o;
    o.stash_dir = dir_ / "stash";
    o.now = [] { return std::chrono::sys_seconds(std::chrono::seconds(1700000000)); };
    return o;
  }
  void open(DiscMaster& m, Format f) {
    ASSERT_TRUE(m.open().ok());
    ASSERT_TRUE(m.setActiveFormat(f).ok());
    ASSERT_TRUE(m.setActiveRecorder(m.recorders()->front()).ok());
    RecordOptions raw;
    raw.write_type = RecordWriteType::kRaw;
    ASSERT_TRUE(m.setRecordOptions(raw).ok());
  }
  fs::path dir_;
  VirtualSource source_;
};

TEST_F(RawRecordTest, RedbookRecordedRawHasItsTracksPcmAndQ) {
  DiscMaster m(source_, options());
  open(m, Format::kRedbook);
  RedbookFormat* r = *m.redbook();
  for (uint8_t t : {1, 2}) {
    ASSERT_TRUE(r->createAudioTrack(300).ok());
    ASSERT_TRUE(r->addAudioTrackBlocks(pcm(300, t)).ok());
    ASSERT_TRUE(r->closeAudioTrack().ok());
  }
  const uint32_t used = *r->usedAudioBlocks();
  Recording sink;
  ASSERT_TRUE(m.progressAdvise(&sink).ok());
  ASSERT_TRUE(m.recordDisc(false, false).ok());
  EXPECT_EQ(sink.calls.back(), "Complete:S_OK");

  const vrec::Medium& disc = source_.device("virtual:default").medium();
  ASSERT_EQ(disc.tracks().size(), 2u);
  EXPECT_EQ(disc.status(), vrec::DiscStatus::kComplete);
  EXPECT_EQ(disc.tracks()[0].start_lba, 0);
  // The default gap as IMAPI counts it: 150 + its 2 end blocks, written by the host as pregap.
  const int32_t track2 = 300 + 152;
  EXPECT_EQ(disc.tracks()[1].start_lba, track2);
  EXPECT_EQ(static_cast<uint32_t>(*disc.lastLeadOutLba()), used);

  Recorder* recorder = *m.activeRecorder();
  std::vector<uint8_t> blocks((kBlock + 16) * 3);
  // The last pregap block of track 2 and its first two blocks.
  ASSERT_TRUE(recorder->drive().readAudio(static_cast<uint32_t>(track2 - 1), 3, blocks, true).ok());
  const std::vector<uint8_t> expected = pcm(2, 2);
  for (int k = 0; k < 3; ++k) {
    const uint8_t* sector = blocks.data() + k * (kBlock + 16);
    std::array<uint8_t, 12> q{};
    std::copy_n(sector + kBlock, 12, q.begin());
    EXPECT_TRUE(sector::qCrcMatches(q)) << "block " << k;
    EXPECT_EQ(q[0], 0x01) << "audio, ADR 1";
    EXPECT_EQ(q[1], 0x02) << "track 02";
    EXPECT_EQ(q[2], k == 0 ? 0x00 : 0x01) << "index 0 in the pregap, then 1";
    EXPECT_EQ(q[5], k == 0 ? 0x01 : k - 1) << "relative frames count down to index 1, then up";
    if (k > 0) {
      EXPECT_TRUE(std::equal(sector, sector + kBlock, expected.begin() + (k - 1) * kBlock)) << "block " << k;
    }
  }
}

TEST_F(RawRecordTest, JolietRecordedRawIsAClosedDataDisc) {
  fs::create_directories(dir_ / "src");
  std::ofstream(dir_ / "src" / "hello.txt") << "raw hello\n";
  DiscMaster m(source_, options());
  open(m, Format::kJoliet);
  ASSERT_TRUE((*m.joliet())->addData(dir_ / "src", false).ok());
  ASSERT_TRUE(m.recordDisc(false, false).ok());
  const vrec::Medium& disc = source_.device("virtual:default").medium();
  ASSERT_EQ(disc.tracks().size(), 1u);
  EXPECT_TRUE(disc.tracks()[0].isData());
  EXPECT_EQ(disc.status(), vrec::DiscStatus::kComplete) << "raw writing closes the disc";
  // The primary volume descriptor, descrambled by the drive: READ(10) of LBA 16.
  std::vector<uint8_t> pvd(2048);
  ASSERT_TRUE((*m.activeRecorder())->drive().read(16, 1, pvd).ok());
  EXPECT_EQ(pvd[0], 1);
  EXPECT_EQ(std::string(pvd.begin() + 1, pvd.begin() + 6), "CD001");
}

TEST_F(RawRecordTest, RawNeedsABlankDiscAndOptionsNeedOpen) {
  DiscMaster closed(source_, options());
  EXPECT_EQ(closed.setRecordOptions({}).code(), ResultCode::kNotOpened);
  fs::create_directories(dir_ / "src");
  std::ofstream(dir_ / "src" / "a.txt") << "a\n";
  {
    DiscMaster m(source_, options());
    ASSERT_TRUE(m.open().ok());
    ASSERT_TRUE(m.setActiveFormat(Format::kJoliet).ok());
    ASSERT_TRUE(m.setActiveRecorder(m.recorders()->front()).ok());
    ASSERT_TRUE((*m.joliet())->addData(dir_ / "src", false).ok());
    ASSERT_TRUE(m.recordDisc(false, false).ok());  // Track-At-Once, left appendable
    ASSERT_TRUE(m.close().ok());
  }
  fs::create_directories(dir_ / "more");
  std::ofstream(dir_ / "more" / "b.txt") << "b\n";
  DiscMaster m(source_, options());
  open(m, Format::kJoliet);
  ASSERT_TRUE((*m.joliet())->addData(dir_ / "more", false).ok());
  const Status s = m.recordDisc(false, false);
  EXPECT_EQ(s.code(), ResultCode::kCannotWriteToMedia) << s.toString();
  EXPECT_NE(s.message().find("blank disc"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace dm::api
