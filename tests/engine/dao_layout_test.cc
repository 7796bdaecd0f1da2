// The Disc-At-Once plan and its cue sheet, byte by byte against entries written out by hand from
// MMC-3 §6.33 (mmc.md §2.6), and the CD-TEXT packs' CRC against a value computed independently.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "engine/audio/cd_text.h"
#include "engine/burn/dao_layout.h"

namespace dm::burn {
namespace {

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

std::vector<std::array<uint8_t, 8>> entries(const std::vector<uint8_t>& sheet) {
  std::vector<std::array<uint8_t, 8>> out(sheet.size() / 8);
  for (size_t i = 0; i < out.size(); ++i) std::copy_n(sheet.begin() + static_cast<std::ptrdiff_t>(i * 8), 8, out[i].begin());
  return out;
}

TEST(DaoLayout, CueSheetOfTwoAudioTracksWithCatalogIsrcIndexAndGaplessStart) {
  const Silence one(450), two(525), three(300, 2048);
  DaoDisc disc;
  disc.mcn = "4006381333931";
  DaoTrack a;
  a.source = &one;
  a.isrc = "DEA123400001";
  a.index_offsets = {300};
  DaoTrack b;
  b.source = &two;
  b.pregap_blocks = 75;
  b.pre_emphasis = true;
  DaoTrack c;
  c.source = &three;
  c.kind = TrackKind::kDataMode1;
  c.pregap_blocks = 0;  // asks for none, but audio to data is a mode change: 150 blocks
  disc.tracks = {a, b, c};
  auto plan = planDao(disc, 0, 1);
  ASSERT_TRUE(plan.ok()) << plan.error().toString();
  using E = std::array<uint8_t, 8>;
  const std::vector<E> expected{
      E{0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00},  // lead-in: audio, generated, time left to the drive
      E{0x02, '4', '0', '0', '6', '3', '8', '1'},         // MCN, first 7 digits
      E{0x02, '3', '3', '3', '9', '3', '1', 0x00},        // MCN, last 6 digits
      E{0x03, 0x01, 'D', 'E', 'A', '1', '2', '3'},        // ISRC of track 1, first 6 characters
      E{0x03, 0x01, '4', '0', '0', '0', '0', '1'},        // … last 6
      E{0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},  // track 1 index 0 at 00:00:00 (LBA −150)
      E{0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00},  // track 1 index 1 at 00:02:00 (LBA 0)
      E{0x01, 0x01, 0x02, 0x00, 0x00, 0x00, 0x06, 0x00},  // track 1 index 2 at 00:06:00 (LBA 300)
      E{0x11, 0x02, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00},  // track 2, pre-emphasis, index 0 at 00:08:00 (LBA 450)
      E{0x11, 0x02, 0x01, 0x00, 0x00, 0x00, 0x09, 0x00},  // index 1 at 00:09:00 (LBA 525)
      E{0x41, 0x03, 0x00, 0x10, 0x00, 0x00, 0x10, 0x00},  // track 3, data, Mode 1, index 0 at 00:16:00 (LBA 1050)
      E{0x41, 0x03, 0x01, 0x10, 0x00, 0x00, 0x12, 0x00},  // index 1 at 00:18:00 (LBA 1200), after the mode change
      E{0x41, 0xAA, 0x01, 0x14, 0x00, 0x00, 0x16, 0x00},  // lead-out at 00:22:00 (LBA 1500), Mode 1 generated
  };
  EXPECT_EQ(entries(plan->cue_sheet), expected);
  ASSERT_EQ(plan->tracks.size(), 3u);
  EXPECT_EQ(plan->tracks[1].pregap_lba, 450);
  EXPECT_EQ(plan->tracks[1].start_lba, 525);
  EXPECT_EQ(plan->tracks[2].pregap_lba, 1050);
  EXPECT_EQ(plan->tracks[2].start_lba, 1200);
  EXPECT_EQ(plan->tracks[2].bytes, 2048u);
  EXPECT_EQ(plan->lead_out_lba, 1500);
  EXPECT_EQ(plan->programBlocks(), 1650u);
}

TEST(DaoLayout, AModeChangeGetsATwoSecondPregapWhateverTheTrackAsks) {
  // Mixed mode: a Mode 1 data track, then audio asking for no pregap, then data asking for 75
  // blocks with 30 of them in its source (INDEX 00 inside the file).
  const Silence data(400, 2048), audio(300), data2(330, 2048);
  DaoDisc disc;
  DaoTrack t1, t2, t3;
  t1.source = &data, t1.kind = TrackKind::kDataMode1;
  t2.source = &audio, t2.kind = TrackKind::kAudio, t2.pregap_blocks = 0;
  t3.source = &data2, t3.kind = TrackKind::kDataMode1, t3.pregap_blocks = 45, t3.source_pregap_blocks = 30;
  disc.tracks = {t1, t2, t3};
  auto layout = planDao(disc, 0, 1);
  ASSERT_TRUE(layout.ok()) << layout.error().toString();
  EXPECT_EQ(layout->tracks[1].pregap_lba, 400);
  EXPECT_EQ(layout->tracks[1].start_lba, 550);
  EXPECT_EQ(layout->tracks[2].pregap_lba, 850);
  EXPECT_EQ(layout->tracks[2].source_lba, 850 + 120);
  EXPECT_EQ(layout->tracks[2].start_lba, 850 + 150);
  EXPECT_EQ(plannedSilenceBlocks(disc, 2), 120u);
  // Tracks of one mode keep what they ask for: gapless audio stays gapless.
  DaoDisc album;
  album.tracks = {t2, t2};
  album.tracks[0].pregap_blocks = 150;
  auto gapless = planDao(album, 0, 1);
  ASSERT_TRUE(gapless.ok());
  EXPECT_EQ(gapless->tracks[1].start_lba, 300);
  // The cue sheet says so too: track 2's index 0 at 00:02:00 + 400 blocks, its index 1 150 later.
  const auto e = entries(layout->cue_sheet);
  bool index0 = false, index1 = false;
  for (const auto& x : e) {
    if (x[1] == 2 && x[2] == 0) index0 = x[5] == 0 && x[6] == 7 && x[7] == 25;  // LBA 400 = 00:07:25
    if (x[1] == 2 && x[2] == 1) index1 = x[5] == 0 && x[6] == 9 && x[7] == 25 && x[0] >> 4 == 0;
  }
  EXPECT_TRUE(index0);
  EXPECT_TRUE(index1);
}

TEST(DaoLayout, BadInputIsRefusedNamingTheTrack) {
  const Silence short_track(299), ok(300);
  DaoDisc disc;
  DaoTrack t;
  t.source = &short_track;
  disc.tracks = {t};
  EXPECT_EQ(planDao(disc, 0, 1).error().code(), ResultCode::kTrackNotBigEnough);
  disc.tracks[0].source = &ok;
  disc.tracks[0].isrc = "us-abc-26-00001";
  auto bad_isrc = planDao(disc, 0, 1);
  ASSERT_FALSE(bad_isrc.ok());
  EXPECT_NE(bad_isrc.error().message().find("track 1: ISRC 'us-abc-26-00001'"), std::string::npos);
  disc.tracks[0].isrc.clear();
  disc.mcn = "12345";
  EXPECT_EQ(planDao(disc, 0, 1).error().code(), ResultCode::kInvalidArgument);
  disc.mcn.clear();
  disc.tracks[0].index_offsets = {100, 50};
  EXPECT_EQ(planDao(disc, 0, 1).error().code(), ResultCode::kInvalidArgument);
}

TEST(CdText, CrcMatchesAnIndependentComputation) {
  // CRC-16/XMODEM of these 16 bytes, inverted, computed outside this code base: 0x5F9E.
  const std::array<uint8_t, 16> pack{0x80, 0, 0, 0, 'P', 'r', 'o', 'o', 'f', ' ', 'A', 'l', 'b', 'u', 'm', 0};
  EXPECT_EQ(audio::cdTextCrc(pack), 0x5F9E);
}

TEST(CdText, PacksCarryTitlesPerformersAndSizeInformation) {
  audio::CdText text;
  text.album_title = "Proof Album";
  text.track_titles = {"Opening", "Closing"};
  text.album_performer = "The Witnesses";
  const std::vector<uint8_t> packs = audio::cdTextPacks(text, 1);
  ASSERT_EQ(packs.size() % 18, 0u);
  const size_t n = packs.size() / 18;
  // Titles: "Proof Album\0Opening\0Closing\0" = 28 bytes → 3 packs; performers: 14 + 1 + 1 = 16 → 2; size: 3.
  EXPECT_EQ(n, 8u);
  for (size_t i = 0; i < n; ++i) {
    EXPECT_EQ(packs[i * 18 + 2], i) << "sequence numbers count up";
    const std::span<const uint8_t, 16> body(packs.data() + i * 18, 16);
    EXPECT_EQ((packs[i * 18 + 16] << 8 | packs[i * 18 + 17]), audio::cdTextCrc(body));
  }
  EXPECT_EQ(packs[18 + 1], 1) << "the second title pack starts inside track 1's title";
  EXPECT_EQ(packs[18 + 3], 0);
  EXPECT_EQ(packs[5 * 18], 0x8F);
  EXPECT_EQ(packs[5 * 18 + 4 + 4], 3) << "size information: 3 title packs";
  EXPECT_EQ(packs[5 * 18 + 4 + 5], 2) << "2 performer packs";
  // The lead-in form: four packs of 24 six-bit symbols per 96-byte block.
  std::array<uint8_t, 96> block{};
  audio::leadInSubchannel(packs, 0, block);
  EXPECT_EQ(block[0], 0x80 >> 2);
  EXPECT_TRUE(std::all_of(block.begin(), block.end(), [](uint8_t b) { return b < 64; }));
}

}  // namespace
}  // namespace dm::burn
