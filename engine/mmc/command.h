// MMC command blocks: one builder per command the engine sends, each returning the CDB with its
// name, data direction and timeout, so errors can name the command, LBA and length. Field layouts
// follow MMC-5 and SPC-3 as summarised in shared/reference/mmc.md §2; opcodes come from libcdio.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/transport/transport.h"

namespace dm::mmc {

struct Command {
  Cdb cdb;
  std::string_view name;           // "WRITE(10)"
  Direction direction = Direction::kNone;
  uint32_t transfer_bytes = 0;     // expected data length (allocation or parameter list length)
  Duration timeout{};
  std::optional<int64_t> lba;      // for error context
  std::optional<uint32_t> blocks;  // for error context
};

// Timeouts real burners use (libburn spc.h, mmc.md §7).
inline constexpr Duration kDefaultTimeout = std::chrono::seconds(30);
inline constexpr Duration kWriteTimeout = std::chrono::seconds(200);
inline constexpr Duration kImmedCloseTimeout = std::chrono::seconds(200);
inline constexpr Duration kCloseTimeout = std::chrono::seconds(3600);
// A non-IMMED BLANK, and the wait for an IMMED one: a full blank at 1x of a 99-minute disc takes
// close to two hours (libburn spc.h: 18,000 s).
inline constexpr Duration kBlankTimeout = std::chrono::seconds(18'000);
inline constexpr Duration kReserveTrackTimeout = std::chrono::seconds(200);
inline constexpr Duration kFormatTimeout = kBlankTimeout;  // the wait for an IMMED FORMAT UNIT

enum class TrackAddressType : uint8_t { kLba = 0, kTrack = 1, kSession = 2 };
enum class PageControl : uint8_t { kCurrent = 0, kChangeable = 1, kDefault = 2, kSaved = 3 };
// CLOSE TRACK/SESSION close functions (mmc.md §2.5); what each does depends on the medium.
enum class CloseFunction : uint8_t {
  kStopBackgroundFormat = 0,  // 000b DVD+RW: quick stop of the background format
  kTrack = 1,                 // 001b CD TAO, DVD-R incremental, DVD+R, BD-R: close the track
  kSession = 2,               // 010b close the session (DVD+R: no finalize; DVD+RW: stop format, write lead-out)
  kFinalizeOverwrite = 3,     // 011b DVD-RW Restricted Overwrite: finalize
  kSessionMinimalRadius = 4,  // 100b DVD+R: close the session with minimal radius
  kFinalizeMinimalRadius = 5, // 101b DVD+R: finalize the disc with minimal radius
  kFinalize = 6,              // 110b DVD+R, BD-R: finalize the disc
};
// FORMAT UNIT format types used here (mmc.md §2.4).
enum class FormatType : uint8_t {
  kFull = 0x00,
  kDvdPlusRwBasic = 0x26,
  kBdReWithSpares = 0x30,     // subtype 00b: quick (re)format, no certification
  kBdReWithoutSpares = 0x31,  // the whole capacity, no defect management
};
enum class ConfigurationRequest : uint8_t { kAll = 0, kCurrent = 1, kOne = 2 };
// BLANK types (MMC-5 §6.2; mmc.md §2): 0 the whole disc, 1 minimal (PMA, TOC, first pregap).
enum class BlankType : uint8_t { kFull = 0, kMinimal = 1 };

inline constexpr uint8_t kInvisibleTrack = 0xFF;   // READ TRACK INFORMATION: the next track
inline constexpr uint16_t kSpeedMaximum = 0xFFFF;  // SET CD SPEED: fastest the drive can do

Command testUnitReady();
Command requestSense(uint8_t allocation = 18);
Command inquiry(uint8_t allocation = 36);
Command getConfiguration(ConfigurationRequest rt, uint16_t starting_feature, uint16_t allocation);
Command readDiscInformation(uint16_t allocation = 34);
Command readTrackInformation(TrackAddressType type, uint32_t address, uint16_t allocation = 36);
Command modeSense10(uint8_t page, PageControl pc, uint16_t allocation);
Command modeSelect10(uint16_t parameter_length);
Command setCdSpeed(uint16_t read_kbps, uint16_t write_kbps);
Command readBufferCapacity();
Command write10(uint32_t lba, uint16_t blocks, uint32_t block_size);
Command read10(uint32_t lba, uint16_t blocks);
Command readCapacity();
Command readToc(uint8_t format, bool msf, uint8_t track_or_session, uint16_t allocation);
Command synchronizeCache(bool immed);
Command closeTrackSession(bool immed, CloseFunction function, uint16_t track);
Command preventAllowMediumRemoval(bool prevent);
Command startStopUnit(bool immed, bool load_eject, bool start);
Command blank(bool immed, BlankType type);
// GET EVENT STATUS NOTIFICATION, polled, for the media class only (mmc.md §2 4Ah; as Linux sr.c asks).
Command getMediaEventStatus();
// READ CD (BEh, mmc.md §2.8) of CD-DA blocks: 2352 bytes of audio each, followed by the 16-byte
// formatted Q sub-channel when `with_q` (sub-channel selection 010b).
Command readCdAudio(uint32_t lba, uint16_t blocks, bool with_q);
// READ CD of CD-DA blocks with optional C2 error pointers (294 bytes after the audio, error-flag
// bits of byte 9) and formatted Q (16 bytes, last), as a verifying reader asks (mmc.md §2.8).
Command readCdAudioChecked(uint32_t lba, uint16_t blocks, bool with_c2, bool with_q);
// GET PERFORMANCE (ACh, mmc.md §2): type 03h write speed descriptors, or type 00h the nominal
// write performance (tolerance 10b, write bit) of the speed the drive would use now.
Command getPerformanceWriteSpeeds(uint16_t max_descriptors);
Command getPerformanceNominalWrite();
// RESERVE TRACK (53h, ARSV 0): the next track is `blocks` long (DVD-R DAO, DVD+R).
Command reserveTrack(uint32_t blocks);
// FORMAT UNIT (04h) with FmtData and format code 001b: a 12-byte format list follows (4-byte
// header + one format descriptor, formatList()).
Command formatUnit();
// READ FORMAT CAPACITIES (23h, MMC-5 §6.24): the current capacity and the formats the medium offers.
Command readFormatCapacities(uint16_t allocation = 252);
// The format list: header (FOV and IMMED when `immed`, descriptor length 8) and one descriptor
// of `blocks`, `type` and the type-dependent 3-byte parameter.
std::array<uint8_t, 12> formatList(bool immed, FormatType type, uint32_t blocks, uint32_t parameter);
// SET STREAMING (B6h) type 00h: a 28-byte performance descriptor follows (streamingDescriptor()).
Command setStreaming();
// Performance descriptor for LBAs [0, end_lba]: write `write_kbps` and read at the fastest, each
// as kB per 1,000 ms (mmc.md §8.1); WRC, RDD, Exact and RA all 0.
std::array<uint8_t, 28> streamingDescriptor(uint32_t end_lba, uint32_t read_kbps, uint32_t write_kbps);
// READ DISC STRUCTURE (ADh), DVD media type: `format` of `layer` at `address`.
Command readDiscStructure(uint8_t format, uint8_t layer, uint32_t address, uint16_t allocation);
// SEND CUE SHEET (5Dh, mmc.md §2.6): `bytes` of 8-byte entries follow as data.
Command sendCueSheet(uint32_t bytes);

}  // namespace dm::mmc
