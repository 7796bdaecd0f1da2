// Test plumbing for driving vrec::Recorder with raw CDBs: send a hand-written CDB with data in,
// data out or no data, and pick the sense triple and fields out of the fixed-format sense bytes.
// CDBs are literal bytes; the only "builders" place a big-endian LBA and count into a literal
// WRITE(10)/READ(10) CDB for loops. No engine code is involved (STYLE.md §7, DESIGN.md).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "emulator/drive/recorder.h"

namespace vrec_test {

using Bytes = std::vector<uint8_t>;

struct Reply {
  using Ticks = vrec::Ticks;
  vrec::CommandOutcome outcome;
  Bytes data;  // data-in bytes actually transferred
  bool good() const { return outcome.status == vrec::kStatusGood; }
  uint8_t key() const { return outcome.sense[2] & 0x0F; }
  uint8_t asc() const { return outcome.sense[12]; }
  uint8_t ascq() const { return outcome.sense[13]; }
  std::string sense() const {
    char text[16];
    std::snprintf(text, sizeof text, "%02X/%02X/%02X", key(), asc(), ascq());
    return outcome.status == vrec::kStatusGood ? std::string("GOOD") : std::string(text);
  }
  bool infoValid() const { return (outcome.sense[0] & 0x80) != 0; }
  uint32_t information() const {
    return static_cast<uint32_t>(outcome.sense[3]) << 24 | static_cast<uint32_t>(outcome.sense[4]) << 16 |
           static_cast<uint32_t>(outcome.sense[5]) << 8 | outcome.sense[6];
  }
  bool sksv() const { return (outcome.sense[15] & 0x80) != 0; }
  bool inCdb() const { return (outcome.sense[15] & 0x40) != 0; }
  uint16_t fieldPointer() const { return static_cast<uint16_t>(outcome.sense[16] << 8 | outcome.sense[17]); }
  Ticks took() const { return outcome.finished - outcome.started; }
};

inline Reply dataIn(vrec::Recorder& r, const Bytes& cdb, size_t buffer_bytes) {
  Reply reply;
  reply.data.assign(buffer_bytes, 0xEE);
  reply.outcome = r.execute(cdb, vrec::DataDirection::kFromDevice, reply.data);
  reply.data.resize(reply.outcome.transferred);
  return reply;
}

inline Reply dataOut(vrec::Recorder& r, const Bytes& cdb, Bytes data) {
  Reply reply;
  reply.outcome = r.execute(cdb, vrec::DataDirection::kToDevice, data);
  return reply;
}

inline Reply noData(vrec::Recorder& r, const Bytes& cdb) {
  Reply reply;
  reply.outcome = r.execute(cdb, vrec::DataDirection::kNone, {});
  return reply;
}

inline uint32_t be32(const Bytes& b, size_t at) {
  return static_cast<uint32_t>(b[at]) << 24 | static_cast<uint32_t>(b[at + 1]) << 16 |
         static_cast<uint32_t>(b[at + 2]) << 8 | b[at + 3];
}
inline uint16_t be16(const Bytes& b, size_t at) { return static_cast<uint16_t>(b[at] << 8 | b[at + 1]); }

// WRITE(10): 2A, flags, LBA (4), group, transfer length (2), control.
inline Bytes write10Cdb(int32_t lba, uint16_t blocks) {
  const auto v = static_cast<uint32_t>(lba);
  return {0x2A, 0x00, static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8),
          static_cast<uint8_t>(v), 0x00, static_cast<uint8_t>(blocks >> 8), static_cast<uint8_t>(blocks), 0x00};
}

// READ(10): 28, flags, LBA (4), group, transfer length (2), control.
inline Bytes read10Cdb(int32_t lba, uint16_t blocks) {
  Bytes cdb = write10Cdb(lba, blocks);
  cdb[0] = 0x28;
  return cdb;
}

// Deterministic test payload: block `lba` of a data track, every byte a function of its position.
inline Bytes payload(int32_t first_lba, uint16_t blocks) {
  Bytes data(static_cast<size_t>(blocks) * 2048);
  for (size_t i = 0; i < data.size(); ++i) {
    const size_t lba = static_cast<size_t>(first_lba) + i / 2048;
    data[i] = static_cast<uint8_t>((lba * 131 + (i % 2048) * 7 + 3) & 0xFF);
  }
  return data;
}

// Page 05 the way burners set it (mmc.md §4.1 "always read page 05 first, modify, select it back"):
// MODE SENSE(10) page 05 current, then MODE SELECT(10) PF=1 with bytes 2-4 of the page replaced and
// the mode data length zeroed. Returns the MODE SELECT reply.
inline Reply selectWriteParameters(vrec::Recorder& r, uint8_t byte2, uint8_t byte3, uint8_t byte4) {
  const Reply sense = dataIn(r, {0x5A, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00}, 64);
  EXPECT_TRUE(sense.good()) << sense.sense();
  Bytes list = sense.data;
  list.resize(64, 0);
  list[0] = 0x00;  // mode data length is reserved in MODE SELECT
  list[1] = 0x00;
  list[8 + 2] = byte2;
  list[8 + 3] = byte3;
  list[8 + 4] = byte4;
  return dataOut(r, {0x55, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00}, list);
}

// Page 05 byte 2/3 values used below: TAO (01h), BUFE (40h), Test Write (10h); track mode 4 (data),
// multisession 00b / 11b (C0h). Byte 4: data block type 8 (Mode 1, 2048).
inline constexpr uint8_t kTao = 0x01;
inline constexpr uint8_t kBufe = 0x40;
inline constexpr uint8_t kTestWrite = 0x10;
inline constexpr uint8_t kDataTrackCloseDisc = 0x04;
inline constexpr uint8_t kDataTrackMultisession = 0xC4;
inline constexpr uint8_t kMode1 = 0x08;

// Writes `blocks` Mode 1 blocks from `lba` in 32-block WRITE(10)s (libburn's default chunk,
// mmc.md §1.6), asserting each one succeeds.
inline void writeBlocks(vrec::Recorder& r, int32_t lba, uint32_t blocks) {
  for (uint32_t done = 0; done < blocks;) {
    const auto n = static_cast<uint16_t>(std::min<uint32_t>(32, blocks - done));
    const int32_t at = lba + static_cast<int32_t>(done);
    const Reply w = dataOut(r, write10Cdb(at, n), payload(at, n));
    ASSERT_TRUE(w.good()) << "WRITE lba=" << at << ": " << w.sense();
    done += n;
  }
}

inline Reply syncCache(vrec::Recorder& r) { return noData(r, {0x35, 0x00, 0, 0, 0, 0, 0, 0, 0, 0}); }
inline Reply closeSession(vrec::Recorder& r) { return noData(r, {0x5B, 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0}); }
inline Reply testUnitReady(vrec::Recorder& r) { return noData(r, {0x00, 0, 0, 0, 0, 0}); }
// READ TRACK INFORMATION, address type 01b (track number), AL 36.
inline Reply trackInfo(vrec::Recorder& r, uint8_t track) {
  return dataIn(r, {0x52, 0x01, 0x00, 0x00, 0x00, track, 0x00, 0x00, 0x24, 0x00}, 36);
}
// READ DISC INFORMATION, AL 34.
inline Reply discInfo(vrec::Recorder& r) { return dataIn(r, {0x51, 0, 0, 0, 0, 0, 0, 0x00, 0x22, 0x00}, 34); }

inline vrec::Recorder makeRecorder(vrec::MediumKind kind = vrec::MediumKind::kCdR80) {
  return vrec::Recorder(vrec::DriveProfile::defaultCdRecorder(), vrec::Medium::blank(kind));
}

}  // namespace vrec_test
