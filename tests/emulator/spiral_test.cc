// CD spiral geometry (mmc.md §8.1): the program area starts at 25 mm, radius grows with the
// square root of the sectors passed, a 74-minute disc ends near 58 mm, and a 52x CAV drive
// starts at ≈ 22.4x.
#include "emulator/media/spiral.h"

#include <gtest/gtest.h>

namespace vrec_test {
namespace {

TEST(Spiral, ProgramAreaStartsAt25mm) {
  EXPECT_EQ(vrec::radiusUm(-150), 25'000u);   // MSF 00:00:00
  EXPECT_EQ(vrec::radiusUm(-11'634), 25'000u);  // lead-in: clamped to the program area start
  EXPECT_GT(vrec::radiusUm(0), 25'000u);
}

TEST(Spiral, DiscEndsNear58mm) {
  const uint32_t end74 = vrec::radiusUm(332'850);  // mmc.md §1.4: 74-min lead-out start
  EXPECT_GE(end74, 57'500u);
  EXPECT_LE(end74, 58'100u);
  // 80 minutes at 1.6 µm / 1.2 m/s overshoots 58 mm (real 80-min media tighten the pitch).
  const uint32_t end80 = vrec::radiusUm(359'849);
  EXPECT_GE(end80, 59'400u);
  EXPECT_LE(end80, 59'900u);
}

TEST(Spiral, RadiusGrowsMonotonically) {
  uint32_t last = 0;
  for (int32_t lba = -150; lba < 360'000; lba += 997) {
    const uint32_t r = vrec::radiusUm(lba);
    EXPECT_GE(r, last) << lba;
    last = r;
  }
  // Area grows linearly: the radius at half the sectors is well past half the way out.
  EXPECT_GT(vrec::radiusUm(180'000), 44'000u);
}

TEST(Spiral, CavSpeedFollowsTheRadius) {
  // mmc.md §8.1: "52× CD max at outer edge starts ≈ 22× at 25 mm".
  EXPECT_EQ(vrec::cavSpeedMilliX(52, -150), 22'413u);  // 52 × 25 / 58
  EXPECT_EQ(vrec::cavSpeedMilliX(52, 359'849), 52'000u);  // capped at the nominal speed
  EXPECT_LT(vrec::cavSpeedMilliX(52, 100'000), vrec::cavSpeedMilliX(52, 200'000));
}

}  // namespace
}  // namespace vrec_test
