// The sector encoder against libburn's (Debian libburn-dev, libburn.a linked into this test only):
// libburn's crc_32 (EDC), burn_rspc_parity_p/q (ECMA-130 Annex A) and burn_ecma130_scramble
// (Annex B) are global symbols of the static library, so the reference sectors below are built
// from them, the way libburn's sector.c builds a Mode 1 sector, on random data for every form and
// every implementation this CPU supports.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <random>
#include <vector>

#include "engine/sector/edc.h"
#include "engine/sector/encoder.h"
#include "engine/sector/subchannel.h"

extern "C" {
void burn_rspc_parity_p(unsigned char* sector);
void burn_rspc_parity_q(unsigned char* sector);
void burn_ecma130_scramble(unsigned char* sector);
unsigned int crc_32(unsigned char* data, int count);
unsigned short crc_ccitt(unsigned char* data, int count);
}

namespace dm::sector {
namespace {

using Sector = std::array<uint8_t, kRawSectorBytes>;

// Header written by hand from mmc.md §1.2, independent of sector_format.cc.
void referenceHeader(uint8_t* out, int32_t lba, uint8_t mode) {
  static const uint8_t kSyncPattern[12] = {0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0};
  std::memcpy(out, kSyncPattern, 12);
  const int32_t frames = lba >= -150 ? lba + 150 : lba + 450150;
  const int m = frames / 4500, s = (frames / 75) % 60, f = frames % 75;
  out[12] = static_cast<uint8_t>((m / 10) << 4 | m % 10);
  out[13] = static_cast<uint8_t>((s / 10) << 4 | s % 10);
  out[14] = static_cast<uint8_t>((f / 10) << 4 | f % 10);
  out[15] = mode;
}

void storeLe(uint8_t* at, unsigned int v) {
  for (int i = 0; i < 4; ++i) at[i] = static_cast<uint8_t>(v >> (8 * i));
}

// A raw sector the libburn way.
Sector libburnSector(SectorForm form, int32_t lba, const uint8_t* user, const Subheader& sh, bool scramble) {
  Sector out{};
  switch (form) {
    case SectorForm::kCdda:
      std::memcpy(out.data(), user, kRawSectorBytes);
      return out;
    case SectorForm::kMode1:  // libburn sector.c sector_headers()
      referenceHeader(out.data(), lba, 1);
      std::memcpy(out.data() + 16, user, 2048);
      storeLe(out.data() + 2064, crc_32(out.data(), 2064));
      burn_rspc_parity_p(out.data());
      burn_rspc_parity_q(out.data());
      break;
    case SectorForm::kMode2Formless:
      referenceHeader(out.data(), lba, 2);
      std::memcpy(out.data() + 16, user, 2336);
      break;
    case SectorForm::kMode2Form1:
    case SectorForm::kMode2Form2: {
      const bool form2 = form == SectorForm::kMode2Form2;
      const uint8_t sub[4] = {sh.file, sh.channel, static_cast<uint8_t>(form2 ? sh.submode | 0x20 : sh.submode & ~0x20),
                              sh.coding};
      std::memcpy(out.data() + 16, sub, 4);
      std::memcpy(out.data() + 20, sub, 4);
      if (form2) {
        std::memcpy(out.data() + 24, user, 2324);
        storeLe(out.data() + 2348, crc_32(out.data() + 16, 2332));
      } else {
        std::memcpy(out.data() + 24, user, 2048);
        storeLe(out.data() + 2072, crc_32(out.data() + 16, 2056));
        burn_rspc_parity_p(out.data());  // header bytes 12..15 still zero
        burn_rspc_parity_q(out.data());
      }
      referenceHeader(out.data(), lba, 2);
      break;
    }
  }
  if (scramble) burn_ecma130_scramble(out.data());
  return out;
}

constexpr SectorForm kForms[] = {SectorForm::kMode1, SectorForm::kMode2Formless, SectorForm::kMode2Form1,
                                 SectorForm::kMode2Form2, SectorForm::kCdda};

TEST(SectorLibburn, EdcMatchesCrc32OnRandomLengths) {
  std::mt19937 gen(11);
  std::vector<uint8_t> data(5000);
  for (auto& b : data) b = static_cast<uint8_t>(gen());
  for (Impl impl : supportedImpls()) {
    for (size_t len : {0, 1, 15, 16, 63, 64, 255, 256, 2056, 2064, 2332, 4096, 5000}) {
      EXPECT_EQ(edc(std::span(data.data(), len), impl), crc_32(data.data(), static_cast<int>(len)))
          << implName(impl) << " len " << len;
    }
  }
}

TEST(SectorLibburn, QCrcMatchesCrcCcitt) {
  std::mt19937 gen(5);
  for (int i = 0; i < 100; ++i) {
    uint8_t q[10];
    for (auto& b : q) b = static_cast<uint8_t>(gen());
    EXPECT_EQ(qCrc(q), crc_ccitt(q, 10));
  }
}

TEST(SectorLibburn, EveryFormIsByteIdenticalOnRandomSectors) {
  std::mt19937 gen(2026);
  std::vector<uint8_t> user(kRawSectorBytes);
  for (Impl impl : supportedImpls()) {
    for (SectorForm form : kForms) {
      for (bool scramble : {false, true}) {
        EncodeOptions options;
        options.impl = impl;
        options.scramble = scramble;
        for (int i = 0; i < 64; ++i) {
          for (auto& b : user) b = static_cast<uint8_t>(gen());
          options.subheader = {static_cast<uint8_t>(gen()), static_cast<uint8_t>(gen()), static_cast<uint8_t>(gen()),
                               static_cast<uint8_t>(gen())};
          const auto lba = static_cast<int32_t>(gen() % (kMaxLba - kMinLba + 1)) + kMinLba;
          Sector ours{};
          ASSERT_TRUE(encodeSector(form, lba, std::span(user.data(), userDataBytes(form)), ours, options).ok());
          const Sector theirs =
              libburnSector(form, lba, user.data(), options.subheader, scramble && form != SectorForm::kCdda);
          ASSERT_EQ(ours, theirs) << formName(form) << " " << implName(impl) << " lba " << lba
                                  << (scramble ? " scrambled" : "");
        }
      }
    }
  }
}

}  // namespace
}  // namespace dm::sector
