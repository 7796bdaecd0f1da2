// The medium check before a burn (burn/medium_watch.h) on honest and quirky drives: the burn of a
// plan made when the recorder was chosen refuses a disc removed or changed since, and the two
// event quirks (gesn_unsupported, gesn_spurious_media_change) burn with their workaround and fail
// the way users saw without it.
#include <gtest/gtest.h>

#include "engine/burn/medium_watch.h"
#include "tests/api/quirky_drive.h"

namespace dm::burn {
namespace {

// START STOP UNIT straight to the virtual drive: the operator's hands at the tray.
void tray(QuirkyDrive& d, bool open) {
  const uint8_t cdb[6] = {0x1B, 0, 0, 0, static_cast<uint8_t>(open ? 0x02 : 0x03), 0};
  d.recorder->execute(cdb, vrec::DataDirection::kNone, {});
}

// The disc taken out and `kind` (a blank one) put in, or none.
void swapDisc(QuirkyDrive& d, std::optional<vrec::MediumKind> kind) {
  tray(d, true);
  ASSERT_TRUE(d.recorder->removeMedium());
  if (kind) {
    ASSERT_TRUE(d.recorder->insertMedium(vrec::Medium::blank(*kind)));
  }
  tray(d, false);
}

// Chooses the recorder (reads its disc), lets `between` happen at the tray, then burns.
template <typename F>
BurnReport chooseThenBurn(QuirkyDrive& d, BurnOptions options, F between) {
  Result<ChosenMedium> chosen = chooseMedium(*d.drive);
  EXPECT_TRUE(chosen.ok());
  between();
  options.chosen_medium = *chosen;
  return d.burn(options);
}

bool says(const BurnReport& r, std::string_view text) { return r.status.message().find(text) != std::string::npos; }

TEST(MediumWatch, HonestDriveBurnsTheChosenDisc) {
  QuirkyDrive d({});
  const BurnReport r = chooseThenBurn(d, {}, [] {});
  expectGoodBurn(r, d, "");
  EXPECT_TRUE(r.quirks.empty());
  EXPECT_NE(d.recorder->traceText().find("GET_EVENT_STATUS_NOTIFICATION"), std::string::npos);
}

TEST(MediumWatch, AnotherDiscIsRefusedBeforeAnythingIsWritten) {
  QuirkyDrive d({});
  const BurnReport r = chooseThenBurn(d, {}, [&] { swapDisc(d, vrec::MediumKind::kCdRw); });
  EXPECT_EQ(r.status.code(), ResultCode::kWrongDisc) << r.status.toString();
  EXPECT_TRUE(says(r, "the medium changed since the recorder was chosen")) << r.status.message();
  EXPECT_TRUE(says(r, "GESN media event 'new media'")) << r.status.message();
  EXPECT_EQ(d.disc(), vrec::DiscStatus::kBlank);  // the CD-RW put in stays untouched
  EXPECT_EQ(r.blocks_written, 0u);
}

TEST(MediumWatch, ARemovedDiscIsMediumNotPresent) {
  QuirkyDrive d({});
  const BurnReport r = chooseThenBurn(d, {}, [&] { swapDisc(d, std::nullopt); });
  EXPECT_EQ(r.status.code(), ResultCode::kMediumNotPresent) << r.status.toString();
  EXPECT_TRUE(says(r, "removed after the recorder was chosen")) << r.status.message();
}

TEST(MediumWatch, TheSameKindOfBlankDiscKeepsThePlan) {
  // A blank CD-R of the same capacity: the plan (blank, free blocks) holds, the burn goes on.
  QuirkyDrive d({});
  const BurnReport r = chooseThenBurn(d, {}, [&] { swapDisc(d, vrec::MediumKind::kCdR80); });
  expectGoodBurn(r, d, "");
}

TEST(QuirkWorkarounds, GesnUnsupported) {
  QuirkyDrive on({vrec::Quirk::kGesnUnsupported});
  const BurnReport ok = chooseThenBurn(on, {}, [] {});
  expectGoodBurn(ok, on, "gesn_unsupported");
  // Without events the change is still found: TEST UNIT READY's unit attention and the disc.
  QuirkyDrive swapped({vrec::Quirk::kGesnUnsupported});
  const BurnReport refused = chooseThenBurn(swapped, {}, [&] { swapDisc(swapped, vrec::MediumKind::kCdR74); });
  EXPECT_EQ(refused.status.code(), ResultCode::kWrongDisc) << refused.status.toString();
  EXPECT_TRUE(says(refused, "unit attention 06/28/00")) << refused.status.message();
  EXPECT_EQ(swapped.disc(), vrec::DiscStatus::kBlank);

  QuirkyDrive off({vrec::Quirk::kGesnUnsupported});
  const BurnReport bad = chooseThenBurn(off, without(&QuirkWorkarounds::medium_change_from_unit_attention), [] {});
  EXPECT_FALSE(bad.status.ok());
  EXPECT_EQ(senseOf(bad), "05/20/00");  // invalid command operation code
  EXPECT_TRUE(says(bad, "GET EVENT STATUS NOTIFICATION")) << bad.status.message();
  EXPECT_EQ(off.disc(), vrec::DiscStatus::kBlank);
}

TEST(QuirkWorkarounds, GesnSpuriousMediaChange) {
  QuirkyDrive on({vrec::Quirk::kGesnSpuriousMediaChange});
  const BurnReport ok = chooseThenBurn(on, {}, [] {});
  expectGoodBurn(ok, on, "gesn_spurious_media_change");
  // A real change is still refused: the disc reads differently.
  QuirkyDrive swapped({vrec::Quirk::kGesnSpuriousMediaChange});
  const BurnReport refused = chooseThenBurn(swapped, {}, [&] { swapDisc(swapped, vrec::MediumKind::kCdRw); });
  EXPECT_EQ(refused.status.code(), ResultCode::kWrongDisc) << refused.status.toString();
  EXPECT_EQ(swapped.disc(), vrec::DiscStatus::kBlank);

  // Taking GESN's word: every burn is refused though nobody touched the tray.
  QuirkyDrive off({vrec::Quirk::kGesnSpuriousMediaChange});
  const BurnReport bad = chooseThenBurn(off, without(&QuirkWorkarounds::trust_tur_over_gesn), [] {});
  EXPECT_EQ(bad.status.code(), ResultCode::kWrongDisc) << bad.status.toString();
  EXPECT_TRUE(says(bad, "GESN media event 'new media'")) << bad.status.message();
  EXPECT_FALSE(says(bad, "unit attention")) << bad.status.message();
  EXPECT_EQ(off.disc(), vrec::DiscStatus::kBlank);
}

}  // namespace
}  // namespace dm::burn
