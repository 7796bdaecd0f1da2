// The emulator's raw sector and sub-channel synthesis (emulator/media/raw_sector.h) against two
// independent encoders on random sectors: the engine's dm::sector encoder and libburn's (crc_32,
// burn_rspc_parity_p/q and crc_ccitt from libburn.a, built into this test only). The emulator may
// not include engine code; a test may link both, which is what makes the comparison possible.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <random>
#include <vector>

#include "emulator/media/raw_sector.h"
#include "engine/sector/encoder.h"
#include "engine/sector/scrambler.h"
#include "engine/sector/subchannel.h"

extern "C" {
void burn_rspc_parity_p(unsigned char* sector);
void burn_rspc_parity_q(unsigned char* sector);
unsigned int crc_32(unsigned char* data, int count);
unsigned short crc_ccitt(unsigned char* data, int count);
}

namespace {

using Sector = std::array<uint8_t, vrec::kRawSectorBytes>;

int32_t randomLba(std::mt19937& gen) {
  // Program area and track 1's pregap: LBA -150 .. 449,849 (MSF up to 99:59:74 below 90:00:00 wrap).
  return static_cast<int32_t>(gen() % 400'000) - 150;
}

TEST(RawSectorCrosscheck, Mode1MatchesTheEngineAndLibburn) {
  std::mt19937 gen(130);
  std::array<uint8_t, vrec::kMode1UserBytes> user{};
  for (int i = 0; i < 200; ++i) {
    for (auto& b : user) b = static_cast<uint8_t>(gen());
    const int32_t lba = randomLba(gen);
    Sector ours{};
    vrec::encodeMode1(lba, user, ours);

    Sector engine{};
    ASSERT_TRUE(dm::sector::encodeSector(dm::sector::SectorForm::kMode1, lba, user, engine).ok());
    ASSERT_EQ(ours, engine) << "lba " << lba;

    // libburn's way: header and user data, crc_32 over 0..2063, then its P and Q parity.
    Sector burn = ours;
    std::memset(burn.data() + 2064, 0, vrec::kRawSectorBytes - 2064);
    const unsigned int crc = crc_32(burn.data(), 2064);
    for (int k = 0; k < 4; ++k) burn[2064 + k] = static_cast<uint8_t>(crc >> (8 * k));
    burn_rspc_parity_p(burn.data());
    burn_rspc_parity_q(burn.data());
    ASSERT_EQ(ours, burn) << "lba " << lba;
  }
}

TEST(RawSectorCrosscheck, Mode2FormsMatchTheEngine) {
  std::mt19937 gen(2);
  std::vector<uint8_t> user(vrec::kForm2UserBytes);
  for (int i = 0; i < 100; ++i) {
    for (auto& b : user) b = static_cast<uint8_t>(gen());
    const vrec::XaSubheader sh{static_cast<uint8_t>(gen()), static_cast<uint8_t>(gen()), static_cast<uint8_t>(gen()),
                               static_cast<uint8_t>(gen())};
    dm::sector::EncodeOptions options;
    options.subheader = {sh[0], sh[1], sh[2], sh[3]};
    const int32_t lba = randomLba(gen);

    Sector ours{};
    Sector engine{};
    vrec::encodeMode2Form1(lba, sh, std::span<const uint8_t, vrec::kMode1UserBytes>(user.data(), vrec::kMode1UserBytes),
                           ours);
    ASSERT_TRUE(dm::sector::encodeSector(dm::sector::SectorForm::kMode2Form1, lba,
                                         std::span(user.data(), vrec::kMode1UserBytes), engine, options)
                    .ok());
    ASSERT_EQ(ours, engine) << "form 1 lba " << lba;

    vrec::encodeMode2Form2(lba, sh, std::span<const uint8_t, vrec::kForm2UserBytes>(user.data(), vrec::kForm2UserBytes),
                           ours);
    ASSERT_TRUE(dm::sector::encodeSector(dm::sector::SectorForm::kMode2Form2, lba, user, engine, options).ok());
    ASSERT_EQ(ours, engine) << "form 2 lba " << lba;
  }
}

TEST(RawSectorCrosscheck, EdcAndQCrcMatchLibburn) {
  std::mt19937 gen(7);
  std::vector<uint8_t> data(2336);
  for (auto& b : data) b = static_cast<uint8_t>(gen());
  for (size_t len : {0, 1, 10, 2056, 2064, 2332}) {
    EXPECT_EQ(vrec::edc(std::span(data.data(), len)), crc_32(data.data(), static_cast<int>(len))) << len;
  }
  for (int i = 0; i < 100; ++i) {
    uint8_t q[10];
    for (auto& b : q) b = static_cast<uint8_t>(gen());
    EXPECT_EQ(vrec::qCrc(q), crc_ccitt(q, 10));
  }
}

TEST(RawSectorCrosscheck, QPositionAndRawSubchannelMatchTheEngine) {
  std::mt19937 gen(99);
  for (int i = 0; i < 300; ++i) {
    dm::sector::QPosition pos;
    pos.control = static_cast<uint8_t>(gen() % 16);
    pos.track = static_cast<uint8_t>(1 + gen() % 99);
    pos.index = static_cast<uint8_t>(gen() % 100);
    pos.lba = randomLba(gen);
    pos.relative_frames = static_cast<int32_t>(gen() % 20'000) - 10'000;
    const bool pause = (gen() & 1) != 0;
    const auto channels = dm::sector::positionSubchannel(pos, pause);
    ASSERT_TRUE(channels.ok());
    dm::sector::RawSubchannel engine_raw{};
    dm::sector::interleaveSubchannel(*channels, engine_raw);

    const vrec::QChannel q = vrec::qPosition(pos.control, pos.track, pos.index, pos.relative_frames, pos.lba);
    ASSERT_EQ(std::memcmp(q.data(), channels->data() + 12, 12), 0) << "lba " << pos.lba;
    const vrec::RawSubchannel ours = vrec::interleave(pause, q);
    ASSERT_EQ(std::memcmp(ours.data(), engine_raw.data(), 96), 0) << "lba " << pos.lba;
  }
}

}  // namespace

namespace {

// The emulator's descrambler (raw mode, emulator/drive/raw_writer.h) against the engine's scrambler
// on random sectors: the engine scrambles, the emulator must restore the sector exactly.
TEST(RawSectorCrosscheck, EmulatorDescramblesWhatTheEngineScrambles) {
  std::mt19937 gen(2024);
  for (int i = 0; i < 50; ++i) {
    Sector plain{};
    for (auto& b : plain) b = static_cast<uint8_t>(gen());
    Sector sector = plain;
    dm::sector::scramble(sector);
    EXPECT_NE(sector, plain);
    vrec::scramble(sector);
    EXPECT_EQ(sector, plain);
  }
}

}  // namespace
