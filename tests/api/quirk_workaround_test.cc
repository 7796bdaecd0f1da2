// The burner against quirky virtual recorders: for every quirk the engine works around, the burn
// succeeds and the disc is right (read back and compared) with the workaround, and fails the way
// users saw without it (QuirkWorkarounds switch off), asserted by its symptom: the sense, the
// phase, the result code, or a disc the report got wrong.
#include <gtest/gtest.h>

#include "tests/api/quirky_drive.h"

namespace dm::burn {
namespace {

TEST(QuirkWorkarounds, NegativeNwaOnBlank) {
  QuirkyDrive on({vrec::Quirk::kNegativeNwaOnBlank});
  const BurnReport ok = on.burn({});
  expectGoodBurn(ok, on, "negative_nwa_on_blank");
  EXPECT_EQ(ok.start_lba, 0);
  QuirkyDrive off({vrec::Quirk::kNegativeNwaOnBlank});
  const BurnReport bad = off.burn(without(&QuirkWorkarounds::clamp_negative_nwa));
  EXPECT_EQ(senseOf(bad), "05/21/02");  // invalid address for write
  ASSERT_TRUE(bad.status.context().lba.has_value());
  EXPECT_EQ(static_cast<int32_t>(*bad.status.context().lba), -150);  // sent as a 32-bit two's complement LBA
  EXPECT_EQ(off.disc(), vrec::DiscStatus::kBlank);
}

TEST(QuirkWorkarounds, SetCdSpeedNoRoundUp) {
  BurnOptions slow;
  slow.speed_x = 1;
  QuirkyDrive on({vrec::Quirk::kSetCdSpeedNoRoundUp});
  const BurnReport ok = on.burn(slow);
  expectGoodBurn(ok, on, "set_cd_speed_no_round_up");
  EXPECT_NEAR(ok.accepted_speed_x, 4, 0.01);
  QuirkyDrive off({vrec::Quirk::kSetCdSpeedNoRoundUp});
  slow.workarounds.retry_speed_with_slowest = false;
  const BurnReport bad = off.burn(slow);
  EXPECT_EQ(senseOf(bad), "05/24/00");
  EXPECT_NE(bad.status.message().find("setting the write speed"), std::string::npos) << bad.status.toString();
  EXPECT_EQ(off.disc(), vrec::DiscStatus::kBlank);
}

// With zero descriptors too, the slowest real speed listed is the only one (48x), not 0 kB/s.
TEST(QuirkWorkarounds, ZeroWriteSpeedDescriptors) {
  BurnOptions slow;
  slow.speed_x = 1;
  QuirkyDrive on({vrec::Quirk::kSetCdSpeedNoRoundUp, vrec::Quirk::kZeroWriteSpeedDescriptors});
  const BurnReport ok = on.burn(slow);
  expectGoodBurn(ok, on, "zero_write_speed_descriptors");
  EXPECT_NEAR(ok.accepted_speed_x, 48, 0.01);
  QuirkyDrive off({vrec::Quirk::kSetCdSpeedNoRoundUp, vrec::Quirk::kZeroWriteSpeedDescriptors});
  slow.workarounds.retry_speed_with_slowest = false;
  EXPECT_EQ(senseOf(off.burn(slow)), "05/24/00");
}

TEST(QuirkWorkarounds, ByteSwappedSpeedFields) {
  QuirkyDrive on({vrec::Quirk::kByteSwappedSpeedFields});
  const BurnReport ok = on.burn({});
  expectGoodBurn(ok, on, "byte_swapped_speed_fields");
  EXPECT_NEAR(ok.accepted_speed_x, 48, 0.01);
  QuirkyDrive off({vrec::Quirk::kByteSwappedSpeedFields});
  const BurnReport bad = off.burn(without(&QuirkWorkarounds::unswap_speed_fields));
  EXPECT_TRUE(bad.status.ok());
  EXPECT_NEAR(bad.accepted_speed_x, 27.76, 0.01);  // 4,897 kB/s (1321h): the speed users were shown
}

// Drives that report whole speeds in either unit are not "unswapped".
TEST(QuirkWorkarounds, PlainSpeedsAreLeftAlone) {
  QuirkyDrive d({});
  const BurnReport r = d.burn({});
  EXPECT_NEAR(r.accepted_speed_x, 48, 0.01);
  EXPECT_TRUE(r.quirks.empty());
}

TEST(QuirkWorkarounds, SetCdSpeedUnsupported) {
  BurnOptions sixteen;
  sixteen.speed_x = 16;
  QuirkyDrive on({vrec::Quirk::kSetCdSpeedUnsupported});
  const BurnReport ok = on.burn(sixteen);
  expectGoodBurn(ok, on, "set_cd_speed_unsupported");
  EXPECT_NEAR(ok.accepted_speed_x, 48, 0.01);  // the drive's own speed
  QuirkyDrive off({vrec::Quirk::kSetCdSpeedUnsupported});
  sixteen.workarounds.tolerate_missing_set_cd_speed = false;
  const BurnReport bad = off.burn(sixteen);
  EXPECT_EQ(senseOf(bad), "05/20/00");
  EXPECT_EQ(off.disc(), vrec::DiscStatus::kBlank);
}

TEST(QuirkWorkarounds, ZeroFreeBlocksOnBlank) {
  QuirkyDrive on({vrec::Quirk::kZeroFreeBlocksOnBlank});
  expectGoodBurn(on.burn({}), on, "zero_free_blocks_on_blank");
  QuirkyDrive off({vrec::Quirk::kZeroFreeBlocksOnBlank});
  const BurnReport bad = off.burn(without(&QuirkWorkarounds::free_blocks_from_disc_information));
  EXPECT_EQ(bad.status.code(), ResultCode::kDiscFull);
  EXPECT_NE(bad.status.message().find("the disc has 0 free"), std::string::npos) << bad.status.toString();
}

TEST(QuirkWorkarounds, ReadDiscInformationUnsupported) {
  QuirkyDrive on({vrec::Quirk::kReadDiscInformationUnsupported});
  const BurnReport ok = on.burn({});
  expectGoodBurn(ok, on, "read_disc_information_unsupported");
  EXPECT_EQ(ok.disc_before, "blank");
  EXPECT_EQ(ok.disc_after, "closed");
  QuirkyDrive off({vrec::Quirk::kReadDiscInformationUnsupported});
  const BurnReport bad = off.burn(without(&QuirkWorkarounds::disc_state_from_track_information));
  EXPECT_EQ(senseOf(bad), "05/20/00");
  EXPECT_EQ(bad.blocks_written, 0u);
  EXPECT_EQ(off.disc(), vrec::DiscStatus::kBlank);
}

TEST(QuirkWorkarounds, CloseTrackRefusedOnCdTao) {
  const Pattern first(400);
  const Pattern second(500);
  std::vector<TaoTrack> tracks(2);
  tracks[0].source = &first;
  tracks[1].source = &second;
  QuirkyDrive on({vrec::Quirk::kCloseTrackRefusedOnCdTao});
  BurnOptions options;
  options.verify = true;
  const BurnReport ok = burnTaoTracks(*on.drive, tracks, options);
  EXPECT_TRUE(ok.status.ok()) << ok.status.toString();
  EXPECT_TRUE(met(ok, "close_track_refused_on_cd_tao"));
  EXPECT_EQ(ok.tracks.size(), 2u);
  EXPECT_FALSE(ok.verify_mismatch_lba.has_value());
  EXPECT_EQ(on.recorder->medium().tracks().size(), 2u);
  QuirkyDrive off({vrec::Quirk::kCloseTrackRefusedOnCdTao});
  options.workarounds.accept_track_closed_by_flush = false;
  const BurnReport bad = burnTaoTracks(*off.drive, tracks, options);
  EXPECT_EQ(senseOf(bad), "05/2C/00");
  EXPECT_NE(bad.status.message().find("closing track 1"), std::string::npos) << bad.status.toString();
  EXPECT_EQ(bad.tracks.size(), 1u);  // the second track was never written
}

TEST(QuirkWorkarounds, CloseSessionFailsInTestWrite) {
  BurnOptions simulate;
  simulate.simulate = true;
  QuirkyDrive on({vrec::Quirk::kCloseSessionFailsInTestWrite});
  const BurnReport ok = on.burn(simulate);
  EXPECT_TRUE(ok.status.ok()) << ok.status.toString();
  EXPECT_TRUE(met(ok, "close_session_fails_in_test_write"));
  EXPECT_EQ(on.disc(), vrec::DiscStatus::kBlank);
  QuirkyDrive off({vrec::Quirk::kCloseSessionFailsInTestWrite});
  simulate.workarounds.ignore_close_error_in_simulation = false;
  const BurnReport bad = off.burn(simulate);
  EXPECT_EQ(senseOf(bad), "05/2C/00");
  EXPECT_NE(bad.status.message().find("closing the session"), std::string::npos) << bad.status.toString();
}

TEST(QuirkWorkarounds, CloseSessionAnswersEarly) {
  for (vrec::Quirk quirk : {vrec::Quirk::kCloseSessionAnswers0408, vrec::Quirk::kCloseSessionAnswers0407}) {
    QuirkyDrive on({quirk});
    expectGoodBurn(on.burn({}), on, vrec::quirkInfo(quirk).name);
    QuirkyDrive off({quirk});
    const BurnReport bad = off.burn(without(&QuirkWorkarounds::accept_early_fixation_answer));
    // The burn is reported failed (the retried CLOSE met a closed session) although the disc is fine.
    EXPECT_EQ(senseOf(bad), "05/2C/00");
    EXPECT_EQ(bad.status.code(), ResultCode::kInitializeEndWrite);
    EXPECT_EQ(off.disc(), vrec::DiscStatus::kComplete);
  }
}

TEST(QuirkWorkarounds, ImmedAnswersNotReady) {
  QuirkyDrive on({vrec::Quirk::kImmedAnswersNotReady});
  expectGoodBurn(on.burn({}), on, "immed_answers_not_ready");
  QuirkyDrive off({vrec::Quirk::kImmedAnswersNotReady});
  const BurnReport bad = off.burn(without(&QuirkWorkarounds::flush_without_immed));
  EXPECT_EQ(senseOf(bad), "02/00/00");
  EXPECT_NE(bad.status.message().find("flushing the drive buffer"), std::string::npos) << bad.status.toString();
}

TEST(QuirkWorkarounds, BufferQueryBeforeFillDiscards) {
  QuirkyDrive on({vrec::Quirk::kBufferQueryBeforeFillDiscards});
  const BurnReport ok = on.burn({}, 3000);  // 6 MB: the buffer fills and is polled
  expectGoodBurn(ok, on, "");
  EXPECT_GE(ok.min_buffer_percent, 0);
  QuirkyDrive off({vrec::Quirk::kBufferQueryBeforeFillDiscards});
  const BurnReport bad = off.burn(without(&QuirkWorkarounds::poll_buffer_after_first_fill), 3000);
  EXPECT_EQ(senseOf(bad), "05/2C/00");  // the track the drive discarded takes no more data
  EXPECT_EQ(bad.status.context().command, "WRITE(10)");
  EXPECT_LE(bad.blocks_written, 64u);
}

// No workaround can stop the drive from writing; the burn must not report a harmless simulation.
TEST(QuirkWorkarounds, TestWriteIgnoredIsReported) {
  BurnOptions simulate;
  simulate.simulate = true;
  QuirkyDrive on({vrec::Quirk::kTestWriteIgnored});
  const BurnReport caught = on.burn(simulate);
  EXPECT_FALSE(caught.status.ok());
  EXPECT_NE(caught.status.message().find("quirk test_write_ignored"), std::string::npos) << caught.status.toString();
  EXPECT_TRUE(met(caught, "test_write_ignored"));
  EXPECT_EQ(on.disc(), vrec::DiscStatus::kComplete);
  QuirkyDrive off({vrec::Quirk::kTestWriteIgnored});
  simulate.workarounds.check_simulation_left_disc_blank = false;
  const BurnReport silent = off.burn(simulate);
  EXPECT_TRUE(silent.status.ok());                     // what users saw: "simulation succeeded"…
  EXPECT_EQ(off.disc(), vrec::DiscStatus::kComplete);  // …and a written disc
}

// Quirks the drive layer's busy retry absorbs: the burn succeeds and the disc is right; without
// the wait the command's 02/04/07 or 02/04/08 ends the burn.
TEST(QuirkWorkarounds, BusyAnswersAreWaitedOut) {
  struct Case {
    vrec::Quirk quirk;
    const char* sense;
  };
  for (const Case& c : {Case{vrec::Quirk::kCloseFirstAttemptInProgress, "02/04/07"},
                        Case{vrec::Quirk::kWriteBusyWhenBufferFull, "02/04/08"},
                        Case{vrec::Quirk::kTurReadyWhileBusy, "02/04/07"}}) {
    SCOPED_TRACE(vrec::quirkInfo(c.quirk).name);
    QuirkyDrive on({c.quirk});
    expectGoodBurn(on.burn({}, 3000), on, vrec::quirkInfo(c.quirk).name);
    QuirkyDrive off({c.quirk});
    const BurnReport bad = off.burn(without(&QuirkWorkarounds::wait_out_busy_answers), 3000);
    EXPECT_EQ(senseOf(bad), c.sense) << bad.status.toString();
    EXPECT_NE(off.disc(), vrec::DiscStatus::kComplete);
  }
  QuirkyDrive busy({vrec::Quirk::kWriteBusyWhenBufferFull});
  EXPECT_EQ(busy.burn(without(&QuirkWorkarounds::wait_out_busy_answers), 3000).status.context().command, "WRITE(10)");
}

// All quirks the engine handles, on one drive at once.
TEST(QuirkWorkarounds, CombinedQuirksStillBurn) {
  QuirkyDrive d({vrec::Quirk::kNegativeNwaOnBlank, vrec::Quirk::kZeroFreeBlocksOnBlank,
                 vrec::Quirk::kCloseSessionAnswers0408, vrec::Quirk::kImmedAnswersNotReady,
                 vrec::Quirk::kBufferQueryBeforeFillDiscards, vrec::Quirk::kTurReadyWhileBusy});
  const BurnReport r = d.burn({}, 3000);
  expectGoodBurn(r, d, "negative_nwa_on_blank");
  EXPECT_GE(r.quirks.size(), 4u);
}

}  // namespace
}  // namespace dm::burn
