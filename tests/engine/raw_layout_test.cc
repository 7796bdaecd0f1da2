// The raw stream plan: block counts, the lead-in's TOC items, and the Q of chosen blocks checked
// against bytes decoded by hand from the Red Book / ECMA-130 §22 layouts (CONTROL/ADR, BCD times,
// catalog number and ISRC packing), with every block's Q CRC recomputed.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "engine/audio/cd_text.h"
#include "engine/burn/raw_layout.h"

namespace dm::burn {
namespace {

using Q = std::array<uint8_t, 12>;

class Silence final : public SectorSource {
 public:
  explicit Silence(uint32_t blocks, uint32_t bytes = 2352) : blocks_(blocks), bytes_(bytes) {}
  uint32_t blockSize() const override { return bytes_; }
  uint32_t totalBlocks() const override { return blocks_; }
  Status readBlocks(uint32_t, uint32_t, std::span<uint8_t> out) const override {
    std::fill(out.begin(), out.end(), 0);
    return Status::Ok();
  }

 private:
  uint32_t blocks_, bytes_;
};

constexpr int32_t kAtipLeadIn = -11634;  // 97:26:66

struct Block {
  Q q{};
  bool p = false;
};

Block blockAt(const RawLayout& l, int32_t lba) {
  sector::SubchannelChannels c;
  const Status s = l.subchannel(lba, c);
  EXPECT_TRUE(s.ok()) << s.toString();
  Block b;
  std::copy_n(c.begin() + 12, 12, b.q.begin());
  b.p = c[0] == 0xFF;
  return b;
}

// The first 10 Q bytes, the CRC checked separately.
std::vector<uint8_t> head(const Q& q) { return {q.begin(), q.begin() + 10}; }

class RawLayoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    disc_.mcn = "4006381333931";
    DaoTrack a;
    a.source = &one_;
    a.isrc = "DEA123400001";
    a.index_offsets = {300};
    DaoTrack b;
    b.source = &two_;
    b.pregap_blocks = 75;
    disc_.tracks = {a, b};
    auto plan = planRaw(disc_, kAtipLeadIn);
    ASSERT_TRUE(plan.ok()) << plan.error().toString();
    layout_ = plan.value();
  }
  Silence one_{450}, two_{525};
  DaoDisc disc_;
  RawLayout layout_;
};

TEST_F(RawLayoutTest, BlockCountsFromTheAtipLeadInThroughTheLeadOut) {
  // Lead-in −11634..−151, pregap 150, track 1 450, pregap 75, track 2 525, lead-out 6750.
  EXPECT_EQ(layout_.leadInBlocks(), 11484u);
  EXPECT_EQ(layout_.lead_out_lba, 450 + 75 + 525);
  EXPECT_EQ(layout_.totalBlocks(), 11484u + 150 + 450 + 75 + 525 + 6750);
  ASSERT_EQ(layout_.segments.size(), 6u);
  EXPECT_EQ(layout_.segments[0].kind, RawSegment::Kind::kLeadIn);
  EXPECT_EQ(layout_.segments[1].first_lba, -150);
  EXPECT_EQ(layout_.segments[1].blocks, 150u);
  EXPECT_FALSE(layout_.segments[1].from_source);
  EXPECT_EQ(layout_.segments[2].first_lba, 0);
  EXPECT_TRUE(layout_.segments[2].from_source);
  EXPECT_EQ(layout_.segments[3].first_lba, 450);
  EXPECT_EQ(layout_.segments[3].blocks, 75u);
  EXPECT_EQ(layout_.segments[4].first_lba, 525);
  EXPECT_EQ(layout_.segments[5].first_lba, 1050);
  EXPECT_EQ(layout_.segments[5].blocks, 6750u);
  uint32_t sum = 0;
  for (const RawSegment& s : layout_.segments) sum += s.blocks;
  EXPECT_EQ(sum, layout_.totalBlocks());
}

TEST_F(RawLayoutTest, TocItemsPointAtTrackStartsFirstLastAndLeadOut) {
  ASSERT_EQ(layout_.toc.size(), 5u);
  // CTL/ADR, TNO, POINT, (time), ZERO, PMIN PSEC PFRAME.
  EXPECT_EQ(head(layout_.toc[0]), (std::vector<uint8_t>{0x01, 0x00, 0x01, 0, 0, 0, 0, 0x00, 0x02, 0x00}));
  EXPECT_EQ(head(layout_.toc[1]), (std::vector<uint8_t>{0x01, 0x00, 0x02, 0, 0, 0, 0, 0x00, 0x09, 0x00}));  // LBA 525
  EXPECT_EQ(head(layout_.toc[2]), (std::vector<uint8_t>{0x01, 0x00, 0xA0, 0, 0, 0, 0, 0x01, 0x00, 0x00}));
  EXPECT_EQ(head(layout_.toc[3]), (std::vector<uint8_t>{0x01, 0x00, 0xA1, 0, 0, 0, 0, 0x02, 0x00, 0x00}));
  EXPECT_EQ(head(layout_.toc[4]), (std::vector<uint8_t>{0x01, 0x00, 0xA2, 0, 0, 0, 0, 0x00, 0x16, 0x00}));  // LBA 1050
}

TEST_F(RawLayoutTest, LeadInRepeatsEachItemThreeTimesWithItsOwnTime) {
  const Block first = blockAt(layout_, kAtipLeadIn);
  EXPECT_EQ(head(first.q), (std::vector<uint8_t>{0x01, 0x00, 0x01, 0x97, 0x26, 0x66, 0, 0x00, 0x02, 0x00}));
  EXPECT_FALSE(first.p);
  EXPECT_EQ(blockAt(layout_, kAtipLeadIn + 2).q[2], 0x01);
  const Block fourth = blockAt(layout_, kAtipLeadIn + 3);
  EXPECT_EQ(head(fourth.q), (std::vector<uint8_t>{0x01, 0x00, 0x02, 0x97, 0x26, 0x69, 0, 0x00, 0x09, 0x00}));
  EXPECT_EQ(blockAt(layout_, kAtipLeadIn + 12).q[2], 0xA2);
  EXPECT_EQ(blockAt(layout_, kAtipLeadIn + 15).q[2], 0x01);  // round again
  EXPECT_EQ(blockAt(layout_, -151).q[3], 0x99);              // 99:59:74, the lead-in's last block
  EXPECT_EQ(blockAt(layout_, -151).q[5], 0x74);
}

TEST_F(RawLayoutTest, PregapCountsDownWithThePauseFlagAndIndexOneCountsUp) {
  const Block pregap = blockAt(layout_, -150);
  EXPECT_EQ(head(pregap.q), (std::vector<uint8_t>{0x01, 0x01, 0x00, 0x00, 0x02, 0x00, 0, 0x00, 0x00, 0x00}));
  EXPECT_TRUE(pregap.p);
  const Block last_pregap = blockAt(layout_, -1);
  EXPECT_EQ(head(last_pregap.q), (std::vector<uint8_t>{0x01, 0x01, 0x00, 0x00, 0x00, 0x01, 0, 0x00, 0x01, 0x74}));
  const Block start = blockAt(layout_, 0);
  EXPECT_EQ(head(start.q), (std::vector<uint8_t>{0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0, 0x00, 0x02, 0x00}));
  EXPECT_FALSE(start.p);
  const Block index2 = blockAt(layout_, 300);
  EXPECT_EQ(head(index2.q), (std::vector<uint8_t>{0x01, 0x01, 0x02, 0x00, 0x04, 0x00, 0, 0x00, 0x06, 0x00}));
  const Block pregap2 = blockAt(layout_, 450);  // track 2's 75-block pause: 00:01:00 to go
  EXPECT_EQ(head(pregap2.q), (std::vector<uint8_t>{0x01, 0x02, 0x00, 0x00, 0x01, 0x00, 0, 0x00, 0x08, 0x00}));
  EXPECT_TRUE(pregap2.p);
}

TEST_F(RawLayoutTest, CatalogAndIsrcFramesTakeTheNextBlockWhenTheirsOpensAnIndex) {
  // Block −150 (phase 0) opens track 1's pregap, so the catalog number goes to −149.
  EXPECT_EQ(blockAt(layout_, -150).q[0] & 0x0F, 1);
  const Block mcn = blockAt(layout_, -149);
  EXPECT_EQ(head(mcn.q), (std::vector<uint8_t>{0x02, 0x40, 0x06, 0x38, 0x13, 0x33, 0x93, 0x10, 0x00, 0x01}));
  EXPECT_EQ(blockAt(layout_, -50).q[0], 0x02);  // a plain phase-0 block
  // Block 0 (phase 50) opens index 1; the ISRC goes to block 1: D E A 1 2 as 6-bit codes
  // 14h 15h 11h 01h 02h, then 3 4 0 0 0 0 1 in BCD, then AFRAME 01.
  EXPECT_EQ(blockAt(layout_, 0).q[0], 0x01);
  const Block isrc = blockAt(layout_, 1);
  EXPECT_EQ(head(isrc.q), (std::vector<uint8_t>{0x03, 0x51, 0x54, 0x41, 0x08, 0x34, 0x00, 0x00, 0x10, 0x01}));
  EXPECT_EQ(blockAt(layout_, 100).q[0], 0x03);
  // Track 2 has no ISRC, and no ISRC is ever sent in a pregap.
  EXPECT_EQ(blockAt(layout_, 600).q[0], 0x01);
  EXPECT_EQ(blockAt(layout_, -100).q[0], 0x01);
}

TEST_F(RawLayoutTest, LeadOutIsTrackAaWithTheFlagOffForTwoSecondsThenTwoHertz) {
  const Block first = blockAt(layout_, 1050);
  EXPECT_EQ(head(first.q), (std::vector<uint8_t>{0x01, 0xAA, 0x01, 0x00, 0x00, 0x00, 0, 0x00, 0x16, 0x00}));
  EXPECT_FALSE(first.p);
  EXPECT_FALSE(blockAt(layout_, 1050 + 149).p);
  EXPECT_TRUE(blockAt(layout_, 1050 + 150).p);
  EXPECT_TRUE(blockAt(layout_, 1050 + 150 + 18).p);
  EXPECT_FALSE(blockAt(layout_, 1050 + 150 + 19).p);
  EXPECT_TRUE(blockAt(layout_, 1050 + 150 + 38).p);
  EXPECT_FALSE(layout_.subchannel(1050 + 6750, *std::make_unique<sector::SubchannelChannels>()).ok());
}

TEST_F(RawLayoutTest, EveryBlockHasAValidQAndTheRawFormIsItsInterleaving) {
  for (int32_t lba = layout_.lead_in_lba; lba < layout_.endLba(); ++lba) {
    sector::SubchannelChannels c;
    ASSERT_TRUE(layout_.subchannel(lba, c).ok());
    std::array<uint8_t, 12> q;
    std::copy_n(c.begin() + 12, 12, q.begin());
    ASSERT_TRUE(sector::qCrcMatches(q)) << "lba " << lba;
    ASSERT_GE(q[0] & 0x0F, 1);
    ASSERT_LE(q[0] & 0x0F, 3);
  }
  std::array<uint8_t, 96> raw{};
  ASSERT_TRUE(layout_.rawSubchannel(-150, raw).ok());
  EXPECT_EQ(raw[0] & 0x80, 0x80);  // P on, bit 7 of every raw byte
  sector::SubchannelChannels back;
  sector::deinterleaveSubchannel(raw, back);
  sector::SubchannelChannels direct;
  ASSERT_TRUE(layout_.subchannel(-150, direct).ok());
  EXPECT_EQ(back, direct);
}

TEST(RawLayout, DataTrackControlAndFormsFollowTheTracks) {
  const Silence data(400, 2048);
  DaoDisc disc;
  DaoTrack t;
  t.source = &data;
  t.kind = TrackKind::kDataMode1;
  disc.tracks = {t};
  auto plan = planRaw(disc, -4650);
  ASSERT_TRUE(plan.ok()) << plan.error().toString();
  const RawLayout& l = plan.value();
  EXPECT_EQ(l.segments.front().form, sector::SectorForm::kMode1);
  EXPECT_EQ(l.segments.back().form, sector::SectorForm::kMode1);
  EXPECT_EQ(blockAt(l, 10).q[0], 0x41);
  EXPECT_EQ(blockAt(l, -4650).q[0], 0x41);
  EXPECT_EQ(blockAt(l, 400).q[0], 0x41);  // lead-out: the last track's CONTROL
}

TEST(RawLayout, LeadInStartMustLeaveSixtySeconds) {
  const Silence audio(400);
  DaoDisc disc;
  DaoTrack t;
  t.source = &audio;
  disc.tracks = {t};
  auto plan = planRaw(disc, -3000);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error().message().find("LBA -3000"), std::string::npos) << plan.error().message();
}

TEST(RawLayout, CdTextGoesToTheLeadInRToW) {
  const Silence audio(400);
  DaoDisc disc;
  DaoTrack t;
  t.source = &audio;
  disc.tracks = {t};
  audio::CdText text;
  text.album_title = "Raw";
  text.track_titles = {"One"};
  disc.cd_text_packs = audio::cdTextPacks(text, 1);
  auto plan = planRaw(disc, -11634);
  ASSERT_TRUE(plan.ok());
  for (uint32_t block : {0u, 1u, 5u}) {
    std::array<uint8_t, 96> raw{};
    ASSERT_TRUE(plan.value().rawSubchannel(-11634 + static_cast<int32_t>(block), raw).ok());
    std::array<uint8_t, 96> symbols{};
    audio::leadInSubchannel(disc.cd_text_packs, block, symbols);
    for (size_t n = 0; n < 96; ++n) ASSERT_EQ(raw[n] & 0x3F, symbols[n]) << "block " << block << " symbol " << n;
  }
  std::array<uint8_t, 96> program{};
  ASSERT_TRUE(plan.value().rawSubchannel(0, program).ok());
  for (uint8_t b : program) ASSERT_EQ(b & 0x3F, 0);  // R–W empty outside the lead-in
}

}  // namespace
}  // namespace dm::burn
