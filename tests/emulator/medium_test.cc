// Unit tests of the emulator's media layer and buffer model: medium kinds and names, capacities
// (mmc.md §1.4), MSF conversion (§1.2), the sparse sector store, the Orange Book recording
// geometry of Medium (§1.3), and the fluid buffer arithmetic.
#include <gtest/gtest.h>

#include <vector>

#include "emulator/drive/buffer_model.h"
#include "emulator/media/medium.h"
#include "emulator/media/msf.h"
#include "emulator/media/sector_store.h"
#include "emulator/sim/rate.h"

namespace {

using vrec::Medium;
using vrec::MediumKind;

TEST(MediumKind, NamesRoundTrip) {
  for (MediumKind kind : {MediumKind::kCdR74, MediumKind::kCdR80, MediumKind::kCdRw}) {
    EXPECT_EQ(vrec::parseMediumKind(vrec::mediumKindName(kind)), kind);
  }
  EXPECT_EQ(vrec::parseMediumKind("cd-r74"), MediumKind::kCdR74);
  EXPECT_EQ(vrec::parseMediumKind("cd-r80"), MediumKind::kCdR80);
  EXPECT_EQ(vrec::parseMediumKind("cd-rw"), MediumKind::kCdRw);
  EXPECT_FALSE(vrec::parseMediumKind("CD-R80").has_value());
  EXPECT_FALSE(vrec::parseMediumKind("cd-r").has_value());
  EXPECT_FALSE(vrec::parseMediumKind("").has_value());
}

TEST(MediumKind, CapacitiesFromAtip) {
  EXPECT_EQ(Medium::blank(MediumKind::kCdR80).capacitySectors(), 359'849u);
  EXPECT_EQ(Medium::blank(MediumKind::kCdR74).capacitySectors(), 332'850u);
  EXPECT_EQ(Medium::blank(MediumKind::kCdRw).capacitySectors(), 359'849u);
  EXPECT_TRUE(Medium::blank(MediumKind::kCdRw).isErasable());
  EXPECT_FALSE(Medium::blank(MediumKind::kCdR80).isErasable());
  EXPECT_EQ(vrec::msfToLba(Medium::blank(MediumKind::kCdR80).info().atip_lead_in_start), -11'634);
}

TEST(Msf, Conversions) {
  EXPECT_EQ(vrec::lbaToMsf(0), (vrec::Msf{0, 2, 0}));
  EXPECT_EQ(vrec::lbaToMsf(-150), (vrec::Msf{0, 0, 0}));
  EXPECT_EQ(vrec::lbaToMsf(322), (vrec::Msf{0, 6, 22}));
  EXPECT_EQ(vrec::msfToLba(vrec::Msf{79, 59, 74}), 359'849);
  for (int32_t lba : {-11'634, -1, 0, 1, 4'499, 359'849}) EXPECT_EQ(vrec::msfToLba(vrec::lbaToMsf(lba)), lba);
}

TEST(MediumDescribe, States) {
  Medium disc = Medium::blank(MediumKind::kCdR80);
  EXPECT_EQ(disc.describe(), "CD-R 80 min (blank)");
  EXPECT_TRUE(disc.isBlank());
  EXPECT_EQ(disc.status(), vrec::DiscStatus::kBlank);
  disc.beginTrack(4, 2048);
  disc.recordBlocks(10, {});
  EXPECT_EQ(disc.describe(), "CD-R 80 min (1 session, open)");
  EXPECT_EQ(disc.closeTrack(), 290u);  // padded to 300
  disc.closeSession(true);
  EXPECT_EQ(disc.describe(), "CD-R 80 min (1 session, appendable)");
  disc.beginTrack(4, 2048);
  disc.recordBlocks(300, {});
  disc.closeTrack();
  disc.closeSession(false);
  EXPECT_EQ(disc.describe(), "CD-R 80 min (2 sessions, closed)");
  EXPECT_EQ(Medium::blank(MediumKind::kCdRw).describe(), "CD-RW 80 min (blank)");
  EXPECT_EQ(Medium::blank(MediumKind::kCdR74).describe(), "CD-R 74 min (blank)");
}

TEST(MediumGeometry, TaoTracksAndSessions) {
  Medium disc = Medium::blank(MediumKind::kCdR80);
  EXPECT_EQ(disc.nextWritableLba(), 0);
  EXPECT_EQ(disc.freeSectors(), 359'849u);
  disc.beginTrack(4, 2048);
  disc.recordBlocks(1'000, {});
  EXPECT_EQ(disc.nextWritableLba(), 1'000);
  disc.closeTrack();
  EXPECT_EQ(disc.nextWritableLba(), 1'000 + 2 + 150);  // run-out + link/run-in/pregap
  const vrec::Track& second = disc.beginTrack(4, 2048);
  EXPECT_EQ(second.number, 2);
  EXPECT_EQ(second.start_lba, 1'152);
  disc.recordBlocks(500, {});
  disc.closeTrack();
  disc.closeSession(true);
  EXPECT_EQ(disc.sessions().back().lead_out_lba, 1'152 + 500 + 2);
  EXPECT_EQ(disc.lastLeadOutLba(), 1'654);
  EXPECT_EQ(disc.nextLeadInLba(), 1'654 + 6'750);
  EXPECT_EQ(disc.nextWritableLba(), 1'654 + 11'400);
  EXPECT_EQ(disc.nextSessionNumber(), 2);
}

TEST(MediumGeometry, WithoutDataKeepsLayoutOnly) {
  Medium disc = Medium::blank(MediumKind::kCdR80);
  disc.beginTrack(4, 2048);
  const std::vector<uint8_t> blocks(4 * 2048, 0x42);
  disc.recordBlocks(4, blocks);
  EXPECT_EQ(disc.store().storedBlocks(), 4u);
  const Medium copy = disc.withoutData();
  EXPECT_EQ(copy.tracks().size(), 1u);
  EXPECT_EQ(copy.nextWritableLba(), 4);
  EXPECT_EQ(copy.store().storedBlocks(), 0u);
}

TEST(SectorStore, IsSparse) {
  vrec::SectorStore store;
  const std::vector<uint8_t> block(2048, 0xA5);
  store.write(300'000, block);
  store.write(-150, block);
  EXPECT_EQ(store.storedBlocks(), 2u);
  EXPECT_EQ(store.chunkCount(), 2u);
  EXPECT_EQ(store.read(300'000).size(), 2048u);
  EXPECT_EQ(store.read(300'000)[17], 0xA5);
  EXPECT_TRUE(store.read(300'001).empty());
  EXPECT_TRUE(store.contains(-150));
  EXPECT_FALSE(store.contains(-1));
  EXPECT_FALSE(store.contains(0));  // LBA -1 and 0 live in different chunks
}

TEST(SectorStore, MixedBlockSizesAndErase) {
  vrec::SectorStore store;
  std::vector<uint8_t> small(2048, 1);
  std::vector<uint8_t> raw(2352, 2);
  store.write(10, small);
  store.write(11, raw);  // restrides the chunk; block 10 survives
  ASSERT_EQ(store.read(10).size(), 2048u);
  EXPECT_EQ(store.read(10)[2047], 1);
  ASSERT_EQ(store.read(11).size(), 2352u);
  EXPECT_EQ(store.read(11)[2351], 2);
  store.write(200, small);
  store.eraseFrom(11);
  EXPECT_TRUE(store.contains(10));
  EXPECT_FALSE(store.contains(11));
  EXPECT_FALSE(store.contains(200));
  EXPECT_EQ(store.storedBlocks(), 1u);
}

TEST(BufferModel, FillDrainAndRoom) {
  vrec::BufferModel buffer(1'000);
  buffer.feed(600);
  EXPECT_EQ(buffer.levelAt(0), 600u);
  EXPECT_EQ(buffer.roomTime(0, 400), vrec::Ticks{0});
  EXPECT_FALSE(buffer.roomTime(0, 401).has_value());  // head idle: never room
  buffer.feed(400);
  buffer.startDrain(1'000, 100);  // 100 bytes/s from t = 1 µs
  EXPECT_EQ(buffer.levelAt(1'000), 1'000u);
  EXPECT_EQ(buffer.levelAt(1'000 + vrec::kTicksPerSecond), 900u);
  EXPECT_EQ(buffer.roomTime(0, 250), 1'000 + vrec::ticksToMove(250, 100));
  EXPECT_EQ(buffer.emptyTime(), 1'000 + 10 * vrec::kTicksPerSecond);
  EXPECT_EQ(buffer.levelAt(1'000 + 20 * vrec::kTicksPerSecond), 0u);
  buffer.stopEmpty();
  EXPECT_TRUE(buffer.empty());
  EXPECT_FALSE(buffer.draining());
}

TEST(Rate, RoundsTimeUpAndUnitsDown) {
  EXPECT_EQ(vrec::ticksToMove(1, 3), 333'333'334u);
  EXPECT_EQ(vrec::unitsMovedIn(333'333'333, 3), 0u);
  EXPECT_EQ(vrec::unitsMovedIn(333'333'334, 3), 1u);
  EXPECT_EQ(vrec::ticksToMove(0, 0), 0u);
  EXPECT_EQ(vrec::ticksToMove(1, 0), UINT64_MAX);
  EXPECT_EQ(vrec::addTicks(UINT64_MAX - 1, 5), UINT64_MAX);
}

}  // namespace
