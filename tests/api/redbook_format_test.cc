// RedbookFormat against virtual recorders: IMAPI's call-order rules and result codes, the block
// accounting (tracks, the 2 end blocks, AudioGapSize), keeping what fits on a full disc, and an
// audio disc recorded Track-At-Once whose tracks and PCM the recorder's medium holds exactly.
#include <gtest/gtest.h>
#include <unistd.h>

#include <numeric>

#include "engine/api/disc_master.h"
#include "engine/sector/subchannel.h"
#include "tests/api/api_test_support.h"

namespace dm::api {
namespace {
namespace fs = std::filesystem;

constexpr uint32_t kBlock = RedbookFormat::kAudioBlockSize;

// PCM that differs per track and per block, so a misplaced block shows.
std::vector<uint8_t> pcm(uint32_t blocks, uint8_t track) {
  std::vector<uint8_t> bytes(size_t{blocks} * kBlock);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(track * 31 + i / kBlock + i % 251);
  return bytes;
}

class RedbookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dm-redbook-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  DiscMasterOptions options() {
    DiscMasterOptions o;
    o.stash_dir = dir_ / "stash";
    o.now = [] { return std::chrono::sys_seconds(std::chrono::seconds(1700000000)); };
    return o;
  }
  // Open, Red Book, the recorder: the state every staging test starts from.
  RedbookFormat* ready(DiscMaster& m, vrec::MediumKind kind = vrec::MediumKind::kCdR80) {
    source_.add("virtual:default", kind);
    EXPECT_TRUE(m.open().ok());
    EXPECT_TRUE(m.setActiveFormat(Format::kRedbook).ok());
    auto list = m.recorders();
    EXPECT_TRUE(list.ok() && !list->empty());
    EXPECT_TRUE(m.setActiveRecorder(list->front()).ok());
    auto redbook = m.redbook();
    EXPECT_TRUE(redbook.ok());
    return *redbook;
  }
  static void stageTrack(RedbookFormat& r, uint32_t blocks, uint8_t number) {
    ASSERT_TRUE(r.createAudioTrack(blocks).ok());
    ASSERT_TRUE(r.addAudioTrackBlocks(pcm(blocks, number)).ok());
    ASSERT_TRUE(r.closeAudioTrack().ok());
  }
  fs::path dir_;
  VirtualSource source_;
};

TEST_F(RedbookTest, CallOrderRulesGiveTheDocumentedCodes) {
  DiscMaster m(source_, options());
  RedbookFormat* r = ready(m);
  EXPECT_EQ(r->audioBlockSize(), 2352u);
  EXPECT_EQ(r->addAudioTrackBlocks(pcm(1, 1)).code(), ResultCode::kTrackNotOpen);
  EXPECT_EQ(r->closeAudioTrack().code(), ResultCode::kTrackNotOpen);
  EXPECT_EQ(m.recordDisc(false, false).code(), ResultCode::kInvalidImage);

  ASSERT_TRUE(r->createAudioTrack(400).ok());
  EXPECT_EQ(r->createAudioTrack(400).code(), ResultCode::kTrackOpen);
  const std::vector<uint8_t> ragged(kBlock + 100);
  const Status not_whole = r->addAudioTrackBlocks(ragged);
  EXPECT_EQ(not_whole.code(), ResultCode::kInvalidArgument);
  EXPECT_NE(not_whole.message().find("100 left over"), std::string::npos) << not_whole.toString();
  ASSERT_TRUE(r->addAudioTrackBlocks(pcm(299, 1)).ok());
  const Status short_track = r->closeAudioTrack();
  EXPECT_EQ(short_track.code(), ResultCode::kTrackNotBigEnough);
  EXPECT_TRUE(r->trackOpen()) << "a track too short to close stays open";
  EXPECT_EQ(m.recordDisc(false, false).code(), ResultCode::kTrackOpen);
  ASSERT_TRUE(r->addAudioTrackBlocks(pcm(1, 1)).ok());
  EXPECT_TRUE(r->closeAudioTrack().ok());
  EXPECT_EQ(*r->totalAudioTracks(), 1u);
}

TEST_F(RedbookTest, EachFormatRefusesTheOthersCalls) {
  DiscMaster m(source_, options());
  RedbookFormat* r = ready(m);
  ASSERT_TRUE(m.setActiveFormat(Format::kJoliet).ok());
  EXPECT_EQ(m.redbook().error().code(), ResultCode::kWrongFormat);
  EXPECT_EQ(r->createAudioTrack(0).code(), ResultCode::kWrongFormat);
  EXPECT_EQ(r->totalAudioBlocks().error().code(), ResultCode::kWrongFormat);
  ASSERT_TRUE(m.setActiveFormat(Format::kRedbook).ok());
  // A format change may drop the recorder (IMAPI); ours keeps it, so the calls work again.
  EXPECT_TRUE(r->createAudioTrack(0).ok());
  auto joliet = m.joliet();
  EXPECT_EQ(joliet.error().code(), ResultCode::kWrongFormat);
}

TEST_F(RedbookTest, NoRecorderComesBeforeTheFormatCheck) {
  source_.add("virtual:default");
  DiscMaster m(source_, options());
  ASSERT_TRUE(m.open().ok());
  ASSERT_TRUE(m.setActiveFormat(Format::kRedbook).ok());
  auto r = m.redbook();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->createAudioTrack(0).code(), ResultCode::kNoActiveRecorder);
  EXPECT_EQ((*r)->totalAudioBlocks().error().code(), ResultCode::kNoActiveRecorder);
}

TEST_F(RedbookTest, BlockAccountingCountsEndBlocksAndGaps) {
  DiscMaster m(source_, options());
  RedbookFormat* r = ready(m);
  const uint32_t total = *r->totalAudioBlocks();
  EXPECT_EQ(total, 359'849u) << "a blank 80-minute CD-R: 79:59:74 of program area";
  EXPECT_EQ(*r->usedAudioBlocks(), 0u);
  EXPECT_EQ(*r->availableAudioTrackBlocks(), total - 2) << "a first track costs its 2 end blocks";

  stageTrack(*r, 1000, 1);
  EXPECT_EQ(*r->usedAudioBlocks(), 1002u);
  EXPECT_EQ(*r->availableAudioTrackBlocks(), total - 1002 - 2 - 150) << "a second track also needs the gap";
  ASSERT_TRUE(r->createAudioTrack(0).ok());
  EXPECT_EQ(*r->usedAudioBlocks(), 1002u + 150 + 2);
  ASSERT_TRUE(r->addAudioTrackBlocks(pcm(500, 2)).ok());
  EXPECT_EQ(*r->usedAudioBlocks(), 1002u + 150 + 502);
  EXPECT_EQ(*r->availableAudioTrackBlocks(), total - (1002 + 150 + 502));

  // AudioGapSize changes what every gap costs.
  Recorder* recorder = *m.activeRecorder();
  ASSERT_TRUE(recorder->setProperties({{"AudioGapSize", int32_t{225}}}).ok());
  EXPECT_EQ(*r->usedAudioBlocks(), 1002u + 225 + 502);
}

TEST_F(RedbookTest, AnAddThatDoesNotFitKeepsWhatFits) {
  DiscMaster m(source_, options());
  RedbookFormat* r = ready(m, vrec::MediumKind::kCdR21);
  const uint32_t total = *r->totalAudioBlocks();
  ASSERT_TRUE(r->createAudioTrack(0).ok());
  // Fill in pieces, then ask for more than is left.
  const uint32_t piece = 20'000;
  const std::vector<uint8_t> chunk = pcm(piece, 1);
  uint32_t staged = 0;
  while (*r->availableAudioTrackBlocks() > piece) {
    ASSERT_TRUE(r->addAudioTrackBlocks(chunk).ok());
    staged += piece;
  }
  const uint32_t room = *r->availableAudioTrackBlocks();
  const Status full = r->addAudioTrackBlocks(chunk);
  EXPECT_EQ(full.code(), ResultCode::kDiscFull);
  EXPECT_EQ(r->tracks().back().blocks, staged + room);
  EXPECT_EQ(fs::file_size(r->tracks().back().stream), uint64_t{staged + room} * kBlock);
  EXPECT_EQ(*r->availableAudioTrackBlocks(), 0u);
  EXPECT_EQ(*r->usedAudioBlocks(), total);
  EXPECT_TRUE(r->closeAudioTrack().ok());
  EXPECT_EQ(*r->availableAudioTrackBlocks(), 0u);
  EXPECT_EQ(r->createAudioTrack(0).code(), ResultCode::kOk) << "creating is allowed; adding is what fails";
}

TEST_F(RedbookTest, AtMost99Tracks) {
  DiscMaster m(source_, options());
  RedbookFormat* r = ready(m);
  for (int i = 0; i < 99; ++i) stageTrack(*r, 300, static_cast<uint8_t>(i));
  EXPECT_EQ(*r->totalAudioTracks(), 99u);
  EXPECT_EQ(*r->availableAudioTrackBlocks(), 0u);
  EXPECT_EQ(r->createAudioTrack(300).code(), ResultCode::kDiscFull);
}

TEST_F(RedbookTest, CancelledAddAddsNothing) {
  DiscMaster m(source_, options());
  RedbookFormat* r = ready(m);
  Recording sink;
  sink.cancel_after_polls = 0;
  ASSERT_TRUE(m.progressAdvise(&sink).ok());
  ASSERT_TRUE(r->createAudioTrack(0).ok());
  EXPECT_EQ(r->addAudioTrackBlocks(pcm(400, 1)).code(), ResultCode::kUserAbort);
  EXPECT_EQ(r->tracks().back().blocks, 0u);
  EXPECT_EQ(fs::file_size(r->tracks().back().stream), 0u);
}

TEST_F(RedbookTest, RecordWritesAudioTracksTrackAtOnce) {
  DiscMaster m(source_, options());
  RedbookFormat* r = ready(m);
  Recording sink;
  ASSERT_TRUE(m.progressAdvise(&sink).ok());
  const std::vector<uint32_t> lengths{600, 300, 451};
  for (size_t i = 0; i < lengths.size(); ++i) stageTrack(*r, lengths[i], static_cast<uint8_t>(i + 1));
  const uint32_t used = *r->usedAudioBlocks();
  sink.calls.clear();
  ASSERT_TRUE(m.recordDisc(false, false).ok());

  const std::vector<std::string> expected{"Preparing", "Track:0/3", "Block", "Track:1/3", "Block", "Track:2/3",
                                          "Block",     "Track:3/3", "Closing", "Complete:S_OK"};
  EXPECT_EQ(sink.calls, expected);
  EXPECT_EQ(r->tracks().size(), 0u) << "the stash is cleared after a successful record";

  const vrec::Medium& disc = source_.device("virtual:default").medium();
  ASSERT_EQ(disc.tracks().size(), 3u);
  EXPECT_EQ(disc.status(), vrec::DiscStatus::kComplete) << "an audio CD is closed";
  int32_t lba = 0;
  for (size_t i = 0; i < lengths.size(); ++i) {
    const vrec::Track& t = disc.tracks()[i];
    EXPECT_FALSE(t.isData());
    EXPECT_EQ(t.block_bytes, kBlock);
    EXPECT_EQ(t.start_lba, lba) << "track " << i + 1;
    EXPECT_EQ(t.recorded_sectors, lengths[i]);
    const std::vector<uint8_t> expected_pcm = pcm(lengths[i], static_cast<uint8_t>(i + 1));
    for (uint32_t b : {0u, lengths[i] / 2, lengths[i] - 1}) {
      const auto stored = disc.store().read(t.start_lba + static_cast<int32_t>(b));
      ASSERT_EQ(stored.size(), kBlock);
      EXPECT_TRUE(std::equal(stored.begin(), stored.end(), expected_pcm.begin() + size_t{b} * kBlock))
          << "track " << i + 1 << " block " << b;
    }
    lba += static_cast<int32_t>(lengths[i] + 2 + 150);
  }
  // What was staged is what the disc used: the last track's end blocks reach the lead-out.
  EXPECT_EQ(static_cast<uint32_t>(*disc.lastLeadOutLba()), used);
}

// Any AudioGapSize but 150 is written Disc-At-Once: the gap is the property plus IMAPI's 2 blocks,
// and the session ends exactly where usedAudioBlocks() said.
TEST_F(RedbookTest, OtherGapsAreWrittenDiscAtOnceAsIMAPICountsThem) {
  for (int32_t gap : {200, 0}) {
    SCOPED_TRACE(gap);
    VirtualSource source;
    source.add("virtual:default");
    DiscMaster m(source, options());
    ASSERT_TRUE(m.open().ok());
    ASSERT_TRUE(m.setActiveFormat(Format::kRedbook).ok());
    ASSERT_TRUE(m.setActiveRecorder(m.recorders()->front()).ok());
    RedbookFormat* r = *m.redbook();
    ASSERT_TRUE((*m.activeRecorder())->setProperties({{"AudioGapSize", gap}}).ok());
    stageTrack(*r, 300, 1);
    stageTrack(*r, 400, 2);
    const uint32_t used = *r->usedAudioBlocks();
    Recording sink;
    ASSERT_TRUE(m.progressAdvise(&sink).ok());
    ASSERT_TRUE(m.recordDisc(false, false).ok());
    EXPECT_EQ(sink.calls.front(), "Preparing");
    EXPECT_EQ(sink.calls.back(), "Complete:S_OK");

    const vrec::Medium& disc = source.device("virtual:default").medium();
    ASSERT_EQ(disc.tracks().size(), 2u);
    EXPECT_TRUE(disc.tracks()[0].session_at_once);
    EXPECT_EQ(disc.tracks()[0].start_lba, 0);
    EXPECT_EQ(disc.tracks()[1].pregap_lba, 300);
    EXPECT_EQ(disc.tracks()[1].start_lba, 300 + gap + 2);
    EXPECT_EQ(static_cast<uint32_t>(*disc.lastLeadOutLba()), used);
    // The pregap is digital silence, and track 2 begins with its own first block.
    const auto silence = disc.store().read(301);
    ASSERT_EQ(silence.size(), kBlock);
    EXPECT_TRUE(std::all_of(silence.begin(), silence.end(), [](uint8_t b) { return b == 0; }));
    const auto first = disc.store().read(disc.tracks()[1].start_lba);
    const std::vector<uint8_t> expected = pcm(1, 2);
    ASSERT_EQ(first.size(), kBlock);
    EXPECT_TRUE(std::equal(first.begin(), first.end(), expected.begin()));
  }
}

TEST_F(RedbookTest, AudioNeedsABlankDisc) {
  DiscMaster m(source_, options());
  RedbookFormat* r = ready(m);
  stageTrack(*r, 300, 1);
  stageTrack(*r, 300, 2);
  ASSERT_TRUE(m.recordDisc(false, false).ok());

  // The disc is no longer blank: nothing fits, and a record is refused before anything is sent.
  EXPECT_EQ(*r->totalAudioBlocks(), 0u);
  ASSERT_TRUE(r->createAudioTrack(0).ok());
  EXPECT_EQ(r->addAudioTrackBlocks(pcm(300, 3)).code(), ResultCode::kDiscFull);
}

TEST_F(RedbookTest, SimulatedRecordLeavesTheDiscBlank) {
  DiscMaster m(source_, options());
  RedbookFormat* r = ready(m);
  stageTrack(*r, 300, 1);
  ASSERT_TRUE(m.recordDisc(true, false).ok());
  EXPECT_TRUE(source_.device("virtual:default").medium().isBlank());
}

// READ CD through the transport: the PCM of a recorded track comes back as it was staged, and the
// formatted Q sub-channel is valid by the engine's own CRC check and carries the right position.
TEST_F(RedbookTest, ReadCdReturnsTheAudioAndAValidQSubchannel) {
  DiscMaster m(source_, options());
  RedbookFormat* r = ready(m);
  stageTrack(*r, 300, 1);
  stageTrack(*r, 320, 2);
  ASSERT_TRUE(m.recordDisc(false, false).ok());
  Recorder* recorder = *m.activeRecorder();
  const int32_t track2 = 300 + 2 + 150;
  std::vector<uint8_t> block((kBlock + 16) * 4);
  ASSERT_TRUE(recorder->drive().readAudio(static_cast<uint32_t>(track2), 4, block, true).ok());
  const std::vector<uint8_t> expected = pcm(4, 2);
  for (int k = 0; k < 4; ++k) {
    const uint8_t* sector = block.data() + k * (kBlock + 16);
    EXPECT_TRUE(std::equal(sector, sector + kBlock, expected.begin() + k * kBlock)) << "block " << k;
    std::array<uint8_t, 12> q{};
    std::copy_n(sector + kBlock, 12, q.begin());
    EXPECT_TRUE(sector::qCrcMatches(q)) << "block " << k;
    EXPECT_EQ(q[0] & 0x0F, 1) << "ADR 1: position";
    EXPECT_EQ(q[0] >> 4, 0) << "CONTROL: audio, no pre-emphasis";
    EXPECT_EQ(q[1], 0x02) << "track 02 (BCD)";
    EXPECT_EQ(q[2], 0x01) << "index 01";
    // Absolute time of LBA 452 + k: 00:08:02 + k frames (LBA + 150), BCD.
    EXPECT_EQ(q[7], 0x00);
    EXPECT_EQ(q[8], 0x08);
    EXPECT_EQ(q[9], 0x02 + k);
  }
  std::vector<uint8_t> plain(kBlock * 300);
  ASSERT_TRUE(recorder->drive().readAudio(0, 300, plain).ok());
  EXPECT_EQ(plain, pcm(300, 1)) << "track 1 whole, without sub-channel";
}

// Cancel at several points of an audio record: the callbacks stop where the cancel came, end in
// BurnComplete(USERABORT) without ClosingDisc, the staged tracks stay, and the disc is left with
// what was written (an open session), never fixated.
TEST_F(RedbookTest, CancelAtSeveralPointsGivesAConsistentSequence) {
  for (int polls : {0, 3, 12}) {
    SCOPED_TRACE(polls);
    VirtualSource source;
    source.add("virtual:default");
    DiscMaster m(source, options());
    ASSERT_TRUE(m.open().ok());
    ASSERT_TRUE(m.setActiveFormat(Format::kRedbook).ok());
    ASSERT_TRUE(m.setActiveRecorder(m.recorders()->front()).ok());
    RedbookFormat* r = *m.redbook();
    stageTrack(*r, 300, 1);
    stageTrack(*r, 300, 2);
    Recording sink;
    sink.cancel_after_polls = polls;
    ASSERT_TRUE(m.progressAdvise(&sink).ok());
    EXPECT_EQ(m.recordDisc(false, false).code(), ResultCode::kUserAbort);
    ASSERT_GE(sink.calls.size(), 2u);
    EXPECT_EQ(sink.calls.front(), "Preparing");
    EXPECT_EQ(sink.calls.back(), "Complete:IMAPI_E_USERABORT");
    EXPECT_EQ(std::count(sink.calls.begin(), sink.calls.end(), "Closing"), 0);
    EXPECT_EQ(r->tracks().size(), 2u) << "the staged tracks are kept for another try";
    const vrec::Medium& disc = source.device("virtual:default").medium();
    EXPECT_NE(disc.status(), vrec::DiscStatus::kComplete) << "a cancelled burn is never fixated";
  }
}

}  // namespace
}  // namespace dm::api
