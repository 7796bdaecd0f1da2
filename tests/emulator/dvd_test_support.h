// Test plumbing for the DVD recorder: a DVD±RW writer profile with CLV speeds (so write times are
// exact), and hand-written CDBs for the DVD commands (mmc.md §2): READ TRACK INFORMATION with the
// MMC-5 48-byte reply, CLOSE TRACK/SESSION by function, RESERVE TRACK, FORMAT UNIT 26h, READ DISC
// STRUCTURE, SET STREAMING and GET PERFORMANCE.
#pragma once

#include "recorder_test_support.h"

namespace vrec_test {

// The default recorder made a DVD writer: 16/8/4x DVD±R, 8/4x DVD+RW, all CLV.
inline vrec::DriveProfile dvdWriterProfile() {
  vrec::DriveProfile p = vrec::DriveProfile::defaultCdRecorder();
  p.name = "dvd-test";
  p.dvd_r_write_speeds_x = {16, 8, 4};
  p.dvd_plus_rw_write_speeds_x = {8, 4};
  p.max_dvd_read_speed_x = 16;
  return p;
}

inline vrec::Recorder makeDvdRecorder(vrec::MediumKind kind) {
  return vrec::Recorder(dvdWriterProfile(), vrec::Medium::blank(kind));
}

// READ TRACK INFORMATION, address type 01b (track number; FFh the invisible track), AL 48.
inline Reply dvdTrackInfo(vrec::Recorder& r, uint8_t track) {
  return dataIn(r, {0x52, 0x01, 0x00, 0x00, 0x00, track, 0x00, 0x00, 0x30, 0x00}, 48);
}
// CLOSE TRACK/SESSION with close function `fn` (mmc.md §2.5) for track `track`.
inline Reply closeFunction(vrec::Recorder& r, uint8_t fn, uint8_t track = 0) {
  return noData(r, {0x5B, 0x00, fn, 0x00, 0x00, track, 0x00, 0x00, 0x00, 0x00});
}
// RESERVE TRACK: size in blocks, bytes 5-8.
inline Reply reserveTrack(vrec::Recorder& r, uint32_t blocks) {
  return noData(r, {0x53, 0x00, 0x00, 0x00, 0x00, static_cast<uint8_t>(blocks >> 24), static_cast<uint8_t>(blocks >> 16),
                    static_cast<uint8_t>(blocks >> 8), static_cast<uint8_t>(blocks), 0x00});
}
// FORMAT UNIT, FmtData + format code 001b; list: header (IMMED as given, length 8), descriptor
// blocks FFFFFFFFh, type 26h (DVD+RW basic format, mmc.md §2.4).
inline Reply formatDvdPlusRw(vrec::Recorder& r, bool immed = false, uint8_t type = 0x26) {
  return dataOut(r, {0x04, 0x11, 0, 0, 0, 0},
                 {0x00, static_cast<uint8_t>(immed ? 0x02 : 0x00), 0x00, 0x08, 0xFF, 0xFF, 0xFF, 0xFF,
                  static_cast<uint8_t>(type << 2), 0x00, 0x00, 0x00});
}
// READ DISC STRUCTURE, media type DVD, format `fmt`, AL `al`.
inline Reply discStructure(vrec::Recorder& r, uint8_t fmt, uint16_t al = 2052) {
  return dataIn(r, {0xAD, 0x00, 0, 0, 0, 0, 0x00, fmt, static_cast<uint8_t>(al >> 8), static_cast<uint8_t>(al), 0x00, 0x00},
                al);
}
// SET STREAMING, type 00h: write `kbytes` per 1000 ms (speed = kB/s, mmc.md §8.1).
inline Reply setStreaming(vrec::Recorder& r, uint32_t kbytes) {
  Bytes d(28, 0);
  const auto put32 = [&d](size_t at, uint32_t v) {
    d[at] = static_cast<uint8_t>(v >> 24);
    d[at + 1] = static_cast<uint8_t>(v >> 16);
    d[at + 2] = static_cast<uint8_t>(v >> 8);
    d[at + 3] = static_cast<uint8_t>(v);
  };
  put32(8, 2'295'103);  // end LBA
  put32(12, kbytes);
  put32(16, 1000);
  put32(20, kbytes);
  put32(24, 1000);
  return dataOut(r, {0xB6, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 28, 0x00}, d);
}
// GET PERFORMANCE type 03h (write speed descriptors), up to 8.
inline Reply writeSpeedDescriptors(vrec::Recorder& r) {
  return dataIn(r, {0xAC, 0x00, 0, 0, 0, 0, 0, 0, 0x00, 0x08, 0x03, 0x00}, 8 + 16 * 8);
}
// Page 05 for DVD-R the way libburn/growisofs set it (mmc.md §4.1): write type (0 incremental,
// 2 DAO) with BUFE and LS_V, multisession 11b or 00b, FP, track mode 5, block type 8, link size
// 16, packet size 16.
inline Reply selectDvdMinusRPage05(vrec::Recorder& r, uint8_t write_type, bool multisession, bool test_write = false) {
  const Reply sense = dataIn(r, {0x5A, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00}, 64);
  EXPECT_TRUE(sense.good()) << sense.sense();
  Bytes list = sense.data;
  list.resize(64, 0);
  list[0] = 0x00;
  list[1] = 0x00;
  list[8 + 2] = static_cast<uint8_t>(0x40 | (write_type == 0 ? 0x20 : 0x00) | (test_write ? 0x10 : 0x00) | write_type);
  list[8 + 3] = static_cast<uint8_t>((multisession ? 0xC0 : 0x00) | (write_type == 0 ? 0x20 : 0x00) | 0x05);
  list[8 + 4] = 0x08;
  list[8 + 5] = write_type == 0 ? 16 : 0;
  list[8 + 13] = write_type == 0 ? 16 : 0;
  return dataOut(r, {0x55, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00}, list);
}

}  // namespace vrec_test
