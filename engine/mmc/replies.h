// Typed views of the data drives return (and the one page the engine sends back, page 05), parsed
// from and composed into the byte layouts of MMC-5 / SPC-3 (shared/reference/mmc.md §2–§4).
// Parsers check lengths and return an error naming the command when a reply is too short.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/base/result.h"

namespace dm::mmc {

struct InquiryData {
  uint8_t peripheral_type = 0;  // 05h: CD/DVD device
  bool removable = false;
  std::string vendor;    // trailing spaces trimmed
  std::string product;
  std::string revision;
};
Result<InquiryData> parseInquiry(std::span<const uint8_t> reply);

// MMC-5 §5.3 profiles the engine cares about.
enum class Profile : uint16_t {
  kNone = 0x0000,
  kCdRom = 0x0008,
  kCdR = 0x0009,
  kCdRw = 0x000A,
  kDvdRom = 0x0010,
  kDvdR = 0x0011,                 // sequential recording
  kDvdRam = 0x0012,
  kDvdRwRestrictedOverwrite = 0x0013,
  kDvdRwSequential = 0x0014,
  kDvdRDualLayer = 0x0015,        // sequential recording
  kDvdRDualLayerJump = 0x0016,
  kDvdPlusRw = 0x001A,
  kDvdPlusR = 0x001B,
  kDvdPlusRDualLayer = 0x002B,
  kBdRom = 0x0040,
  kBdRSequential = 0x0041,
  kBdRRandom = 0x0042,
  kBdRe = 0x0043,
};
std::string profileName(uint16_t profile);  // "CD-R", "CD-RW", "profile 0x0041"

struct ConfigurationHeader {
  uint32_t data_length = 0;  // bytes after the length field itself
  uint16_t current_profile = 0;
};
Result<ConfigurationHeader> parseConfigurationHeader(std::span<const uint8_t> reply);

struct ProfileEntry {
  uint16_t profile = 0;
  bool current = false;
};
// The Profile List feature (0000h, MMC-5 §5.3.1) of a GET CONFIGURATION reply: every profile the
// drive supports, with the loaded medium's marked current. Empty if the feature is absent.
Result<std::vector<ProfileEntry>> parseProfileList(std::span<const uint8_t> reply);

enum class DiscStatus : uint8_t { kBlank = 0, kAppendable = 1, kComplete = 2, kOther = 3 };
enum class SessionState : uint8_t { kEmpty = 0, kIncomplete = 1, kDamaged = 2, kComplete = 3 };
std::string_view discStatusName(DiscStatus s);

struct DiscInformation {
  bool erasable = false;
  DiscStatus status = DiscStatus::kBlank;
  SessionState last_session = SessionState::kEmpty;
  uint8_t first_track = 1;
  uint16_t sessions = 0;
  uint16_t first_track_last_session = 1;
  uint16_t last_track_last_session = 1;
  uint8_t disc_type = 0;
  int32_t last_possible_leadout_lba = 0;  // from the MSF in bytes 20-23
  // Bytes 20-23 as sent: on DVD and BD an LBA (the disc's capacity), not an MSF.
  uint32_t last_possible_leadout_address = 0;
  int32_t lead_in_lba = 0;                // the next session's lead-in start, bytes 16-19
  // Blank or appendable: the disc has an invisible track to write into.
  bool writable() const { return status == DiscStatus::kBlank || status == DiscStatus::kAppendable; }
};
Result<DiscInformation> parseDiscInformation(std::span<const uint8_t> reply);

// The media event of a polled GESN reply (mmc.md §2 4Ah). `available` is false when the drive
// had no media-class event to report (NEA, or another class in the header).
struct MediaEvent {
  bool available = false;
  uint8_t code = 0;  // 0 none, 1 eject request, 2 new media, 3 media removal, 4 media changed
  bool present = false;
  bool tray_open = false;
  bool changed() const { return code >= 2 && code <= 4; }
};
Result<MediaEvent> parseMediaEvent(std::span<const uint8_t> reply);

struct TrackInformation {
  uint16_t track = 0;
  uint16_t session = 0;
  uint8_t track_mode = 0;
  uint8_t data_mode = 0;
  bool blank = false;
  bool nwa_valid = false;
  bool lra_valid = false;
  int32_t start_lba = 0;
  int32_t next_writable_lba = 0;
  uint32_t free_blocks = 0;
  uint32_t track_size = 0;
  int32_t last_recorded_lba = 0;
  // Where writing starts: the NWA, never before the track start — some drives report NWA −150 on
  // blank media (mmc.md §9 #1, Pioneer BDR-205, LITE-ON LTR-48125S).
  int32_t writableStart() const { return std::max(next_writable_lba, start_lba); }
};
Result<TrackInformation> parseTrackInformation(std::span<const uint8_t> reply);

// READ TOC format 1, session information (MMC-5 §6.26.3.3): the first track of the last complete
// session, where a multisession reader finds that session's file system.
struct SessionInfo {
  uint8_t first_session = 0;
  uint8_t last_complete_session = 0;
  uint8_t first_track_last_session = 0;
  int32_t first_track_start_lba = 0;
};
Result<SessionInfo> parseSessionInfo(std::span<const uint8_t> reply);

// READ TOC format 0 (MMC-5 §6.26.3.2): the header's first and last track numbers and one entry
// per track plus the lead-out (AAh), as the drive sent them; addresses converted to LBA.
struct TocEntry {
  uint8_t track = 0;
  uint8_t control = 0;  // bit 2: data track
  int32_t start_lba = 0;
};
struct Toc {
  uint8_t first_track = 0;
  uint8_t last_track = 0;
  std::vector<TocEntry> entries;  // in the drive's order, the lead-out last
};
Result<Toc> parseToc(std::span<const uint8_t> reply, bool msf);
inline constexpr uint8_t kLeadOutTrack = 0xAA;

// READ TOC format 2, the full TOC (MMC-5 §6.26.3.4), one summary per session from its A0, A1 and
// A2 points and its first track's entry (addresses in MSF, as every drive sends them).
struct TocSession {
  uint8_t session = 0;
  uint8_t first_track = 0;
  uint8_t last_track = 0;
  int32_t first_track_lba = 0;
  int32_t lead_out_lba = 0;
};
Result<std::vector<TocSession>> parseFullToc(std::span<const uint8_t> reply);

// GET PERFORMANCE type 03h: the write speed of each descriptor (kB/s), in the drive's order.
Result<std::vector<uint16_t>> parseWriteSpeedDescriptors(std::span<const uint8_t> reply);
// GET PERFORMANCE type 00h: the end performance of the first descriptor (kB/s).
Result<uint32_t> parseNominalPerformance(std::span<const uint8_t> reply);

// READ TOC format 4 (ATIP, mmc.md §2.1): what the blank disc's pre-groove says about itself.
struct AtipInfo {
  bool rewritable = false;          // disc type bit: CD-RW
  uint8_t disc_subtype = 0;
  uint8_t lead_in_m = 0, lead_in_s = 0, lead_in_f = 0;     // start time of the lead-in
  uint8_t lead_out_m = 0, lead_out_s = 0, lead_out_f = 0;  // last possible start of the lead-out
  int32_t lead_in_lba = 0;
  int32_t last_lead_out_lba = 0;
};
Result<AtipInfo> parseAtip(std::span<const uint8_t> reply);

// Mode parameter header (10-byte commands) followed by one page; page offsets skip any block
// descriptors the drive sends despite DBD (QEMU does, mmc.md §4.2).
Result<std::span<const uint8_t>> findModePage(std::span<const uint8_t> reply, uint8_t page);

enum class WriteType : uint8_t { kPacket = 0, kTrackAtOnce = 1, kSessionAtOnce = 2, kRaw = 3 };
std::string_view writeTypeName(WriteType t);  // "TAO", "SAO", …

// Page 05h, Write Parameters (MMC-5 §7.5.4). Holds the bytes as read so fields we do not touch
// are sent back unchanged (every real burner reads, modifies and selects this page).
struct WriteParametersPage {
  std::vector<uint8_t> bytes;  // page code byte onward, length = 2 + page length

  bool bufe() const;
  void setBufe(bool on);
  bool testWrite() const;
  void setTestWrite(bool on);
  WriteType writeType() const;
  void setWriteType(WriteType t);
  uint8_t multisession() const;       // 00b close disc, 11b next session allowed
  void setMultisession(uint8_t ms);
  uint8_t trackMode() const;
  void setTrackMode(uint8_t mode);    // Q CONTROL nibble: 4 data uninterrupted
  uint8_t dataBlockType() const;
  void setDataBlockType(uint8_t t);   // 8: Mode 1, 2048 bytes
  void setSessionFormat(uint8_t f);   // 00h CD-DA/CD-ROM
  void setAudioPauseLength(uint16_t blocks);
  uint8_t linkSize() const;           // byte 5; meaningful when LS_V
  void setLinkSize(uint8_t blocks);   // sets LS_V too (DVD-R incremental: 16)
  bool fixedPacket() const;
  void setFixedPacket(bool on);       // FP, byte 3 bit 5
  uint32_t packetSize() const;
  void setPacketSize(uint32_t blocks);  // bytes 10-13 (DVD-R: 16)
};
Result<WriteParametersPage> parseWriteParametersPage(std::span<const uint8_t> mode_sense_reply);
// MODE SELECT(10) parameter list: an 8-byte header with mode data length 0, then the page with
// its PS bit cleared (MMC-5 §7.2).
std::vector<uint8_t> composeModeSelect(const WriteParametersPage& page);

// Page 2Ah, capabilities (the fields the burner uses).
struct Capabilities {
  bool test_write = false;
  bool buffer_underrun_protection = false;
  bool writes_cd_r = false;
  bool writes_cd_rw = false;
  uint32_t buffer_bytes = 0;
  uint16_t max_write_kbps = 0;
  uint16_t current_write_kbps = 0;
  std::vector<uint16_t> write_speeds_kbps;  // fastest first
};
Result<Capabilities> parseCapabilitiesPage(std::span<const uint8_t> mode_sense_reply);

struct BufferCapacity {
  uint32_t length_bytes = 0;
  uint32_t free_bytes = 0;
  int fillPercent() const;
};
Result<BufferCapacity> parseBufferCapacity(std::span<const uint8_t> reply);

// READ FORMAT CAPACITIES (MMC-5 §6.24): the current (or maximum) capacity and whether the medium
// is formatted, then one descriptor per format the medium offers (mmc.md §2.4).
enum class CapacityState : uint8_t { kUnformatted = 1, kFormatted = 2, kNoMedium = 3 };
struct FormatDescriptor {
  uint32_t blocks = 0;
  uint8_t type = 0;        // format type (byte 4 bits 7-2)
  uint32_t parameter = 0;  // type-dependent (BD 30h: spare clusters)
};
struct FormatCapacities {
  uint32_t current_blocks = 0;
  CapacityState state = CapacityState::kNoMedium;
  std::vector<FormatDescriptor> formats;  // in the drive's order
};
Result<FormatCapacities> parseFormatCapacities(std::span<const uint8_t> reply);

// CD speeds: 1x = 176.4 kB/s (k = 1000) of raw 2352-byte sectors, as libburn counts (mmc.md §8.1).
inline constexpr double kCdSpeed1xKbps = 176.4;
inline double cdSpeedX(uint16_t kbps) { return kbps / kCdSpeed1xKbps; }
inline uint16_t cdKbpsForX(double x) { return static_cast<uint16_t>(x * kCdSpeed1xKbps + 0.5); }
// DVD speeds: 1x = 1,385 kB/s (k = 1000) of 2048-byte sectors, about 676 sectors/s (mmc.md §1.6).
inline constexpr double kDvdSpeed1xKbps = 1385.0;
inline double dvdSpeedX(uint32_t kbps) { return kbps / kDvdSpeed1xKbps; }
inline uint32_t dvdKbpsForX(double x) { return static_cast<uint32_t>(x * kDvdSpeed1xKbps + 0.5); }
// BD speeds: 1x = 4,495.5 kB/s (k = 1000, 36 Mbit/s) of 2048-byte sectors (mmc.md §1.6, §8.1).
inline constexpr double kBdSpeed1xKbps = 4495.5;
inline double bdSpeedX(uint32_t kbps) { return kbps / kBdSpeed1xKbps; }
inline uint32_t bdKbpsForX(double x) { return static_cast<uint32_t>(x * kBdSpeed1xKbps + 0.5); }

}  // namespace dm::mmc
