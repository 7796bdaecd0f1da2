// CDB builders (MMC-5 / SPC-3 field positions; see shared/reference/mmc.md §2).
#include "engine/mmc/command.h"

#include <cdio/mmc.h>

namespace dm::mmc {
namespace {

void put16(Cdb& c, size_t at, uint16_t v) {
  c.bytes[at] = static_cast<uint8_t>(v >> 8);
  c.bytes[at + 1] = static_cast<uint8_t>(v);
}
void put32(Cdb& c, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) c.bytes[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}

Command make(cdio_mmc_gpcmd_t opcode, uint8_t length, std::string_view name, Direction dir,
             uint32_t transfer_bytes, Duration timeout = kDefaultTimeout) {
  Command c;
  c.cdb.bytes[0] = static_cast<uint8_t>(opcode);
  c.cdb.length = length;
  c.name = name;
  c.direction = dir;
  c.transfer_bytes = transfer_bytes;
  c.timeout = timeout;
  return c;
}

}  // namespace

Command testUnitReady() {
  return make(CDIO_MMC_GPCMD_TEST_UNIT_READY, 6, "TEST UNIT READY", Direction::kNone, 0);
}

Command requestSense(uint8_t allocation) {
  Command c = make(CDIO_MMC_GPCMD_REQUEST_SENSE, 6, "REQUEST SENSE", Direction::kFromDevice, allocation);
  c.cdb.bytes[4] = allocation;
  return c;
}

Command inquiry(uint8_t allocation) {
  // SPC-3 §6.4: allocation length in bytes 3-4; standard data (EVPD=0).
  Command c = make(CDIO_MMC_GPCMD_INQUIRY, 6, "INQUIRY", Direction::kFromDevice, allocation);
  c.cdb.bytes[4] = allocation;
  return c;
}

Command getConfiguration(ConfigurationRequest rt, uint16_t starting_feature, uint16_t allocation) {
  Command c = make(CDIO_MMC_GPCMD_GET_CONFIGURATION, 10, "GET CONFIGURATION", Direction::kFromDevice,
                   allocation);
  c.cdb.bytes[1] = static_cast<uint8_t>(rt) & 0x03;
  put16(c.cdb, 2, starting_feature);
  put16(c.cdb, 7, allocation);
  return c;
}

Command readDiscInformation(uint16_t allocation) {
  Command c = make(CDIO_MMC_GPCMD_READ_DISC_INFORMATION, 10, "READ DISC INFORMATION",
                   Direction::kFromDevice, allocation);
  put16(c.cdb, 7, allocation);  // byte 1 data type 000b: standard disc information
  return c;
}

Command readTrackInformation(TrackAddressType type, uint32_t address, uint16_t allocation) {
  Command c = make(CDIO_MMC_GPCMD_READ_TRACK_INFORMATION, 10, "READ TRACK INFORMATION",
                   Direction::kFromDevice, allocation);
  c.cdb.bytes[1] = static_cast<uint8_t>(type) & 0x03;
  put32(c.cdb, 2, address);
  put16(c.cdb, 7, allocation);
  return c;
}

Command modeSense10(uint8_t page, PageControl pc, uint16_t allocation) {
  Command c = make(CDIO_MMC_GPCMD_MODE_SENSE_10, 10, "MODE SENSE(10)", Direction::kFromDevice, allocation);
  c.cdb.bytes[1] = 0x08;  // DBD: MMC drives have no block descriptors; ask for none
  c.cdb.bytes[2] = static_cast<uint8_t>((static_cast<uint8_t>(pc) << 6) | (page & 0x3F));
  put16(c.cdb, 7, allocation);
  return c;
}

Command modeSelect10(uint16_t parameter_length) {
  Command c = make(CDIO_MMC_GPCMD_MODE_SELECT_10, 10, "MODE SELECT(10)", Direction::kToDevice,
                   parameter_length);
  c.cdb.bytes[1] = 0x10;  // PF: pages follow the MMC page format; SP=0 (do not save)
  put16(c.cdb, 7, parameter_length);
  return c;
}

Command setCdSpeed(uint16_t read_kbps, uint16_t write_kbps) {
  Command c = make(CDIO_MMC_GPCMD_SET_SPEED, 12, "SET CD SPEED", Direction::kNone, 0);
  put16(c.cdb, 2, read_kbps);
  put16(c.cdb, 4, write_kbps);  // byte 1 rotation control 00b: CLV / drive default
  return c;
}

Command readBufferCapacity() {
  Command c = make(CDIO_MMC_GPCMD_READ_BUFFER_CAPACITY, 10, "READ BUFFER CAPACITY",
                   Direction::kFromDevice, 12);
  put16(c.cdb, 7, 12);  // Block=0: lengths in bytes
  return c;
}

Command write10(uint32_t lba, uint16_t blocks, uint32_t block_size) {
  Command c = make(CDIO_MMC_GPCMD_WRITE_10, 10, "WRITE(10)", Direction::kToDevice,
                   blocks * block_size, kWriteTimeout);
  put32(c.cdb, 2, lba);
  put16(c.cdb, 7, blocks);
  c.lba = lba;
  c.blocks = blocks;
  return c;
}

Command read10(uint32_t lba, uint16_t blocks) {
  Command c = make(CDIO_MMC_GPCMD_READ_10, 10, "READ(10)", Direction::kFromDevice, blocks * 2048u);
  put32(c.cdb, 2, lba);
  put16(c.cdb, 7, blocks);
  c.lba = lba;
  c.blocks = blocks;
  return c;
}

Command readCapacity() {
  return make(CDIO_MMC_GPCMD_READ_CAPACITIY, 10, "READ CAPACITY", Direction::kFromDevice, 8);
}

Command readToc(uint8_t format, bool msf, uint8_t track_or_session, uint16_t allocation) {
  Command c = make(CDIO_MMC_GPCMD_READ_TOC, 10, "READ TOC/PMA/ATIP", Direction::kFromDevice, allocation);
  c.cdb.bytes[1] = msf ? 0x02 : 0x00;
  c.cdb.bytes[2] = format & 0x0F;
  c.cdb.bytes[6] = track_or_session;
  put16(c.cdb, 7, allocation);
  return c;
}

Command synchronizeCache(bool immed) {
  Command c = make(CDIO_MMC_GPCMD_SYNCHRONIZE_CACHE, 10, "SYNCHRONIZE CACHE", Direction::kNone, 0,
                   immed ? kImmedCloseTimeout : kCloseTimeout);
  c.cdb.bytes[1] = immed ? 0x02 : 0x00;
  return c;
}

Command closeTrackSession(bool immed, CloseFunction function, uint16_t track) {
  Command c = make(CDIO_MMC_GPCMD_CLOSE_TRACK_SESSION, 10, "CLOSE TRACK/SESSION", Direction::kNone, 0,
                   immed ? kImmedCloseTimeout : kCloseTimeout);
  c.cdb.bytes[1] = immed ? 0x01 : 0x00;
  c.cdb.bytes[2] = static_cast<uint8_t>(function) & 0x07;
  put16(c.cdb, 4, track);
  return c;
}

Command preventAllowMediumRemoval(bool prevent) {
  Command c = make(CDIO_MMC_GPCMD_PREVENT_ALLOW_MEDIUM_REMOVAL, 6, "PREVENT ALLOW MEDIUM REMOVAL",
                   Direction::kNone, 0);
  c.cdb.bytes[4] = prevent ? 0x01 : 0x00;
  return c;
}

Command getMediaEventStatus() {
  Command c = make(CDIO_MMC_GPCMD_GET_EVENT_STATUS, 10, "GET EVENT STATUS NOTIFICATION", Direction::kFromDevice, 8);
  c.cdb.bytes[1] = 0x01;  // Polled: MMC makes asynchronous notification optional
  c.cdb.bytes[4] = 0x10;  // notification class request: media (bit 4)
  put16(c.cdb, 7, 8);
  return c;
}

Command startStopUnit(bool immed, bool load_eject, bool start) {
  Command c = make(CDIO_MMC_GPCMD_START_STOP_UNIT, 6, "START STOP UNIT", Direction::kNone, 0);
  c.cdb.bytes[1] = immed ? 0x01 : 0x00;
  c.cdb.bytes[4] = static_cast<uint8_t>((load_eject ? 0x02 : 0x00) | (start ? 0x01 : 0x00));
  return c;
}

Command readCdAudio(uint32_t lba, uint16_t blocks, bool with_q) { return readCdAudioChecked(lba, blocks, false, with_q); }

Command readCdAudioChecked(uint32_t lba, uint16_t blocks, bool with_c2, bool with_q) {
  const uint32_t block = 2352 + (with_c2 ? 294 : 0) + (with_q ? 16 : 0);
  Command c = make(CDIO_MMC_GPCMD_READ_CD, 12, "READ CD", Direction::kFromDevice, blocks * block);
  c.cdb.bytes[1] = 0x01 << 2;  // expected sector type: CD-DA
  put32(c.cdb, 2, lba);
  c.cdb.bytes[6] = 0;
  c.cdb.bytes[7] = static_cast<uint8_t>(blocks >> 8);
  c.cdb.bytes[8] = static_cast<uint8_t>(blocks);
  c.cdb.bytes[9] = with_c2 ? 0x12 : 0x10;      // user data: the 2352 audio bytes; C2 error pointers
  c.cdb.bytes[10] = with_q ? 0x02 : 0x00;      // formatted Q
  c.lba = lba;
  c.blocks = blocks;
  return c;
}

Command getPerformanceWriteSpeeds(uint16_t max_descriptors) {
  const uint32_t allocation = 8 + 16u * max_descriptors;
  Command c = make(CDIO_MMC_GPCMD_GET_PERFORMANCE, 12, "GET PERFORMANCE", Direction::kFromDevice, allocation);
  put16(c.cdb, 8, max_descriptors);
  c.cdb.bytes[10] = 0x03;
  return c;
}

Command getPerformanceNominalWrite() {
  Command c = make(CDIO_MMC_GPCMD_GET_PERFORMANCE, 12, "GET PERFORMANCE", Direction::kFromDevice, 8 + 16);
  c.cdb.bytes[1] = 0x10 | 0x04;  // tolerance 10b, write performance, whole disc
  put16(c.cdb, 8, 1);
  c.cdb.bytes[10] = 0x00;
  return c;
}

Command sendCueSheet(uint32_t bytes) {
  Command c = make(CDIO_MMC_GPCMD_SEND_CUE_SHEET, 10, "SEND CUE SHEET", Direction::kToDevice, bytes);
  c.cdb.bytes[6] = static_cast<uint8_t>(bytes >> 16);
  c.cdb.bytes[7] = static_cast<uint8_t>(bytes >> 8);
  c.cdb.bytes[8] = static_cast<uint8_t>(bytes);
  return c;
}

Command blank(bool immed, BlankType type) {
  Command c = make(CDIO_MMC_GPCMD_BLANK, 12, "BLANK", Direction::kNone, 0, immed ? kDefaultTimeout : kBlankTimeout);
  c.cdb.bytes[1] = static_cast<uint8_t>((immed ? 0x10 : 0x00) | (static_cast<uint8_t>(type) & 0x07));
  return c;
}

Command reserveTrack(uint32_t blocks) {
  Command c = make(CDIO_MMC_GPCMD_RESERVE_TRACK, 10, "RESERVE TRACK", Direction::kNone, 0, kReserveTrackTimeout);
  put32(c.cdb, 5, blocks);  // bytes 5-8: reservation size; byte 1 ARSV 0
  c.blocks = blocks;
  return c;
}

Command formatUnit() {
  Command c = make(CDIO_MMC_GPCMD_FORMAT_UNIT, 6, "FORMAT UNIT", Direction::kToDevice, 12, kReserveTrackTimeout);
  c.cdb.bytes[1] = 0x11;  // FmtData: a format list follows; CmpList 0; format code 001b
  return c;
}

Command readFormatCapacities(uint16_t allocation) {
  Command c = make(CDIO_MMC_GPCMD_READ_FORMAT_CAPACITIES, 10, "READ FORMAT CAPACITIES", Direction::kFromDevice,
                   allocation);
  put16(c.cdb, 7, allocation);
  return c;
}

std::array<uint8_t, 12> formatList(bool immed, FormatType type, uint32_t blocks, uint32_t parameter) {
  std::array<uint8_t, 12> list{};
  // FOV with IMMED: a drive that reads IMMED only when the options are valid still returns at once.
  list[1] = immed ? 0x82 : 0x00;
  list[3] = 8;  // format descriptor length
  for (int i = 0; i < 4; ++i) list[4 + i] = static_cast<uint8_t>(blocks >> (24 - 8 * i));
  list[8] = static_cast<uint8_t>(static_cast<uint8_t>(type) << 2);  // subtype 00b
  list[9] = static_cast<uint8_t>(parameter >> 16);
  list[10] = static_cast<uint8_t>(parameter >> 8);
  list[11] = static_cast<uint8_t>(parameter);
  return list;
}

Command setStreaming() {
  Command c = make(CDIO_MMC_GPCMD_SET_STREAMING, 12, "SET STREAMING", Direction::kToDevice, 28);
  c.cdb.bytes[8] = 0x00;  // type: performance descriptor
  c.cdb.bytes[9] = 0;
  c.cdb.bytes[10] = 28;   // parameter list length
  return c;
}

std::array<uint8_t, 28> streamingDescriptor(uint32_t end_lba, uint32_t read_kbps, uint32_t write_kbps) {
  std::array<uint8_t, 28> d{};
  auto put = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) d[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
  };
  put(8, end_lba);      // start LBA (bytes 4-7) 0
  put(12, read_kbps);   // read size in kB …
  put(16, 1000);        // … per 1,000 ms
  put(20, write_kbps);  // write size in kB …
  put(24, 1000);        // … per 1,000 ms
  return d;
}

Command readDiscStructure(uint8_t format, uint8_t layer, uint32_t address, uint16_t allocation) {
  Command c = make(CDIO_MMC_GPCMD_READ_DVD_STRUCTURE, 12, "READ DISC STRUCTURE", Direction::kFromDevice,
                   allocation);
  put32(c.cdb, 2, address);  // byte 1 media type 0: DVD
  c.cdb.bytes[6] = layer;
  c.cdb.bytes[7] = format;
  put16(c.cdb, 8, allocation);
  return c;
}

}  // namespace dm::mmc
