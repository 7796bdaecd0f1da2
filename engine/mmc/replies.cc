// Parsers and composers for MMC reply data (MMC-5 §6 command replies, §7 mode pages).
#include "engine/mmc/replies.h"

#include <fmt/format.h>

#include <algorithm>

namespace dm::mmc {
namespace {

uint16_t be16(std::span<const uint8_t> b, size_t at) {
  return static_cast<uint16_t>((b[at] << 8) | b[at + 1]);
}
uint32_t be32(std::span<const uint8_t> b, size_t at) {
  return (uint32_t{b[at]} << 24) | (uint32_t{b[at + 1]} << 16) | (uint32_t{b[at + 2]} << 8) | b[at + 3];
}

Status shortReply(std::string_view what, size_t got, size_t need) {
  return Status(ResultCode::kDiscInfo,
                fmt::format("{}: reply too short ({} bytes, need {})", what, got, need));
}

std::string trimmed(std::span<const uint8_t> b, size_t at, size_t len) {
  std::string s(reinterpret_cast<const char*>(b.data() + at), len);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

// MSF (bytes M, S, F) of a CD address to LBA (mmc.md §1.2; lead-in area above 90:00:00 is negative).
int32_t msfToLba(uint8_t m, uint8_t s, uint8_t f) {
  const int32_t frames = (m * 60 + s) * 75 + f;
  return m >= 90 ? frames - 450150 : frames - 150;
}

}  // namespace

Result<InquiryData> parseInquiry(std::span<const uint8_t> reply) {
  if (reply.size() < 36) return shortReply("INQUIRY", reply.size(), 36);
  InquiryData d;
  d.peripheral_type = reply[0] & 0x1F;
  d.removable = (reply[1] & 0x80) != 0;
  d.vendor = trimmed(reply, 8, 8);
  d.product = trimmed(reply, 16, 16);
  d.revision = trimmed(reply, 32, 4);
  return d;
}

std::string profileName(uint16_t profile) {
  switch (profile) {
    case 0x0000: return "no medium";
    case 0x0008: return "CD-ROM";
    case 0x0009: return "CD-R";
    case 0x000A: return "CD-RW";
    case 0x0010: return "DVD-ROM";
    case 0x0011: return "DVD-R";
    case 0x0012: return "DVD-RAM";
    case 0x0013: return "DVD-RW (restricted overwrite)";
    case 0x0014: return "DVD-RW";
    case 0x0015: return "DVD-R DL";
    case 0x0016: return "DVD-R DL (layer jump)";
    case 0x001A: return "DVD+RW";
    case 0x001B: return "DVD+R";
    case 0x002B: return "DVD+R DL";
    case 0x0040: return "BD-ROM";
    case 0x0041: return "BD-R";
    case 0x0042: return "BD-R (random recording)";
    case 0x0043: return "BD-RE";
    default: return fmt::format("profile 0x{:04X}", profile);
  }
}

Result<MediaEvent> parseMediaEvent(std::span<const uint8_t> reply) {
  if (reply.size() < 4) return shortReply("GET EVENT STATUS NOTIFICATION", reply.size(), 4);
  MediaEvent e;
  const bool nea = (reply[2] & 0x80) != 0;
  if (nea || (reply[2] & 0x07) != 4 || be16(reply, 0) < 6 || reply.size() < 8) return e;
  e.available = true;
  e.code = reply[4] & 0x0F;
  e.present = (reply[5] & 0x02) != 0;
  e.tray_open = (reply[5] & 0x01) != 0;
  return e;
}

Result<ConfigurationHeader> parseConfigurationHeader(std::span<const uint8_t> reply) {
  if (reply.size() < 8) return shortReply("GET CONFIGURATION", reply.size(), 8);
  return ConfigurationHeader{be32(reply, 0), be16(reply, 6)};
}

Result<std::vector<ProfileEntry>> parseProfileList(std::span<const uint8_t> reply) {
  if (reply.size() < 8) return shortReply("GET CONFIGURATION", reply.size(), 8);
  const size_t end = std::min<size_t>(reply.size(), size_t{be32(reply, 0)} + 4);
  std::vector<ProfileEntry> out;
  for (size_t at = 8; at + 4 <= end;) {
    const uint16_t code = be16(reply, at);
    const size_t len = reply[at + 3];
    if (code == 0x0000) {
      for (size_t p = at + 4; p + 4 <= std::min(end, at + 4 + len); p += 4)
        out.push_back({be16(reply, p), (reply[p + 2] & 0x01) != 0});
      break;
    }
    at += 4 + len;
  }
  return out;
}

std::string_view discStatusName(DiscStatus s) {
  switch (s) {
    case DiscStatus::kBlank: return "blank";
    case DiscStatus::kAppendable: return "appendable";
    case DiscStatus::kComplete: return "closed";
    case DiscStatus::kOther: return "random-access";
  }
  return "unknown";
}

Result<DiscInformation> parseDiscInformation(std::span<const uint8_t> reply) {
  if (reply.size() < 24) return shortReply("READ DISC INFORMATION", reply.size(), 24);
  DiscInformation d;
  d.erasable = (reply[2] & 0x10) != 0;
  d.last_session = static_cast<SessionState>((reply[2] >> 2) & 0x03);
  d.status = static_cast<DiscStatus>(reply[2] & 0x03);
  d.first_track = reply[3];
  d.sessions = static_cast<uint16_t>(reply[4] | (reply[9] << 8));
  d.first_track_last_session = static_cast<uint16_t>(reply[5] | (reply[10] << 8));
  d.last_track_last_session = static_cast<uint16_t>(reply[6] | (reply[11] << 8));
  d.disc_type = reply[8];
  d.last_possible_leadout_lba = msfToLba(reply[21], reply[22], reply[23]);
  d.last_possible_leadout_address = be32(reply, 20);
  d.lead_in_lba = msfToLba(reply[17], reply[18], reply[19]);
  return d;
}

Result<AtipInfo> parseAtip(std::span<const uint8_t> reply) {
  if (reply.size() < 15) return shortReply("READ TOC format 4", reply.size(), 15);
  AtipInfo a;
  a.rewritable = (reply[6] & 0x40) != 0;
  a.disc_subtype = static_cast<uint8_t>((reply[6] >> 3) & 0x07);
  a.lead_in_m = reply[8], a.lead_in_s = reply[9], a.lead_in_f = reply[10];
  a.lead_out_m = reply[12], a.lead_out_s = reply[13], a.lead_out_f = reply[14];
  a.lead_in_lba = msfToLba(reply[8], reply[9], reply[10]);
  // A lead-out start is a program-area time even past 90 minutes (99-minute discs).
  a.last_lead_out_lba = (reply[12] * 60 + reply[13]) * 75 + reply[14] - 150;
  return a;
}

Result<SessionInfo> parseSessionInfo(std::span<const uint8_t> reply) {
  if (reply.size() < 12) return shortReply("READ TOC format 1", reply.size(), 12);
  SessionInfo s;
  s.first_session = reply[2];
  s.last_complete_session = reply[3];
  s.first_track_last_session = reply[6];
  s.first_track_start_lba = static_cast<int32_t>(be32(reply, 8));
  return s;
}

Result<Toc> parseToc(std::span<const uint8_t> reply, bool msf) {
  if (reply.size() < 4) return shortReply("READ TOC format 0", reply.size(), 4);
  Toc toc;
  toc.first_track = reply[2];
  toc.last_track = reply[3];
  const size_t end = std::min(reply.size(), size_t{2} + be16(reply, 0));
  for (size_t at = 4; at + 8 <= end; at += 8) {
    TocEntry e;
    e.control = reply[at + 1] & 0x0F;
    e.track = reply[at + 2];
    e.start_lba = msf ? msfToLba(reply[at + 5], reply[at + 6], reply[at + 7]) : static_cast<int32_t>(be32(reply, at + 4));
    toc.entries.push_back(e);
  }
  return toc;
}

Result<std::vector<TocSession>> parseFullToc(std::span<const uint8_t> reply) {
  if (reply.size() < 4) return shortReply("READ TOC format 2", reply.size(), 4);
  std::vector<TocSession> sessions;
  auto session = [&sessions](uint8_t n) -> TocSession& {
    for (TocSession& s : sessions) {
      if (s.session == n) return s;
    }
    sessions.push_back({});
    sessions.back().session = n;
    return sessions.back();
  };
  const size_t end = std::min(reply.size(), size_t{2} + be16(reply, 0));
  std::vector<std::pair<uint8_t, int32_t>> track_starts;  // (track, LBA) of ADR 1 track points
  for (size_t at = 4; at + 11 <= end; at += 11) {
    if ((reply[at + 1] >> 4) != 1) continue;  // ADR 1 (position) entries only
    const uint8_t point = reply[at + 3];
    const int32_t p = msfToLba(reply[at + 8], reply[at + 9], reply[at + 10]);
    TocSession& s = session(reply[at]);
    if (point == 0xA0) s.first_track = reply[at + 8];
    else if (point == 0xA1) s.last_track = reply[at + 8];
    else if (point == 0xA2) s.lead_out_lba = p;
    else if (point >= 1 && point <= 99) track_starts.emplace_back(point, p);
  }
  for (TocSession& s : sessions) {
    for (const auto& [track, lba] : track_starts) {
      if (track == s.first_track) s.first_track_lba = lba;
    }
  }
  return sessions;
}

Result<std::vector<uint16_t>> parseWriteSpeedDescriptors(std::span<const uint8_t> reply) {
  if (reply.size() < 8) return shortReply("GET PERFORMANCE", reply.size(), 8);
  std::vector<uint16_t> speeds;
  const size_t end = std::min(reply.size(), size_t{4} + be32(reply, 0));
  for (size_t at = 8; at + 16 <= end; at += 16) speeds.push_back(static_cast<uint16_t>(be32(reply, at + 12)));
  return speeds;
}

Result<uint32_t> parseNominalPerformance(std::span<const uint8_t> reply) {
  if (reply.size() < 24) return shortReply("GET PERFORMANCE", reply.size(), 24);
  return be32(reply, 8 + 12);
}

Result<TrackInformation> parseTrackInformation(std::span<const uint8_t> reply) {
  if (reply.size() < 28) return shortReply("READ TRACK INFORMATION", reply.size(), 28);
  TrackInformation t;
  t.track = static_cast<uint16_t>(reply[2] | (reply.size() > 32 ? reply[32] << 8 : 0));
  t.session = static_cast<uint16_t>(reply[3] | (reply.size() > 33 ? reply[33] << 8 : 0));
  t.track_mode = reply[5] & 0x0F;
  t.blank = (reply[6] & 0x40) != 0;
  t.data_mode = reply[6] & 0x0F;
  t.lra_valid = (reply[7] & 0x02) != 0;
  t.nwa_valid = (reply[7] & 0x01) != 0;
  t.start_lba = static_cast<int32_t>(be32(reply, 8));
  t.next_writable_lba = static_cast<int32_t>(be32(reply, 12));
  t.free_blocks = be32(reply, 16);
  t.track_size = be32(reply, 24);
  if (reply.size() >= 32) t.last_recorded_lba = static_cast<int32_t>(be32(reply, 28));
  return t;
}

Result<std::span<const uint8_t>> findModePage(std::span<const uint8_t> reply, uint8_t page) {
  if (reply.size() < 8) return shortReply("MODE SENSE(10)", reply.size(), 8);
  const size_t data_end = std::min<size_t>(reply.size(), size_t{be16(reply, 0)} + 2);
  size_t at = 8 + be16(reply, 6);  // skip block descriptors
  while (at + 2 <= data_end) {
    const size_t len = size_t{reply[at + 1]} + 2;
    if ((reply[at] & 0x3F) == page) {
      if (at + len > reply.size()) return shortReply(fmt::format("MODE SENSE(10) page {:02X}h", page), reply.size() - at, len);
      return reply.subspan(at, len);
    }
    at += len;
  }
  return Status(ResultCode::kDiscInfo, fmt::format("MODE SENSE(10): the drive returned no page {:02X}h", page));
}

std::string_view writeTypeName(WriteType t) {
  switch (t) {
    case WriteType::kPacket: return "packet";
    case WriteType::kTrackAtOnce: return "TAO";
    case WriteType::kSessionAtOnce: return "SAO";
    case WriteType::kRaw: return "raw";
  }
  return "unknown";
}

bool WriteParametersPage::bufe() const { return (bytes[2] & 0x40) != 0; }
void WriteParametersPage::setBufe(bool on) { bytes[2] = static_cast<uint8_t>((bytes[2] & ~0x40) | (on ? 0x40 : 0)); }
bool WriteParametersPage::testWrite() const { return (bytes[2] & 0x10) != 0; }
void WriteParametersPage::setTestWrite(bool on) { bytes[2] = static_cast<uint8_t>((bytes[2] & ~0x10) | (on ? 0x10 : 0)); }
WriteType WriteParametersPage::writeType() const { return static_cast<WriteType>(bytes[2] & 0x0F); }
void WriteParametersPage::setWriteType(WriteType t) {
  bytes[2] = static_cast<uint8_t>((bytes[2] & 0xF0) | (static_cast<uint8_t>(t) & 0x0F));
}
uint8_t WriteParametersPage::multisession() const { return bytes[3] >> 6; }
void WriteParametersPage::setMultisession(uint8_t ms) {
  bytes[3] = static_cast<uint8_t>((bytes[3] & 0x3F) | ((ms & 0x03) << 6));
}
uint8_t WriteParametersPage::trackMode() const { return bytes[3] & 0x0F; }
void WriteParametersPage::setTrackMode(uint8_t mode) {
  bytes[3] = static_cast<uint8_t>((bytes[3] & 0xF0) | (mode & 0x0F));
}
uint8_t WriteParametersPage::dataBlockType() const { return bytes[4] & 0x0F; }
void WriteParametersPage::setDataBlockType(uint8_t t) {
  bytes[4] = static_cast<uint8_t>((bytes[4] & 0xF0) | (t & 0x0F));
}
void WriteParametersPage::setSessionFormat(uint8_t f) { bytes[8] = f; }
void WriteParametersPage::setAudioPauseLength(uint16_t blocks) {
  bytes[14] = static_cast<uint8_t>(blocks >> 8);
  bytes[15] = static_cast<uint8_t>(blocks);
}

uint8_t WriteParametersPage::linkSize() const { return bytes[5]; }
void WriteParametersPage::setLinkSize(uint8_t blocks) {
  bytes[2] = static_cast<uint8_t>(bytes[2] | 0x20);
  bytes[5] = blocks;
}
bool WriteParametersPage::fixedPacket() const { return (bytes[3] & 0x20) != 0; }
void WriteParametersPage::setFixedPacket(bool on) {
  bytes[3] = static_cast<uint8_t>((bytes[3] & ~0x20) | (on ? 0x20 : 0));
}
uint32_t WriteParametersPage::packetSize() const { return be32(bytes, 10); }
void WriteParametersPage::setPacketSize(uint32_t blocks) {
  for (int i = 0; i < 4; ++i) bytes[10 + i] = static_cast<uint8_t>(blocks >> (24 - 8 * i));
}

Result<WriteParametersPage> parseWriteParametersPage(std::span<const uint8_t> reply) {
  DM_ASSIGN_OR_RETURN(auto page, findModePage(reply, 0x05));
  if (page.size() < 16) return shortReply("MODE SENSE(10) page 05h", page.size(), 16);
  WriteParametersPage p;
  p.bytes.assign(page.begin(), page.end());
  return p;
}

std::vector<uint8_t> composeModeSelect(const WriteParametersPage& page) {
  // Mode data length must be 0 on select, and there are no block descriptors.
  std::vector<uint8_t> out(8 + page.bytes.size(), 0);
  std::copy(page.bytes.begin(), page.bytes.end(), out.begin() + 8);
  out[8] &= 0x3F;  // clear PS (and SPF): reserved on MODE SELECT
  return out;
}

Result<Capabilities> parseCapabilitiesPage(std::span<const uint8_t> reply) {
  DM_ASSIGN_OR_RETURN(auto p, findModePage(reply, 0x2A));
  // MMC-1 pages are 20 bytes; QEMU returns 18 (mmc.md §4.2). Fields past the end stay zero.
  if (p.size() < 14) return shortReply("MODE SENSE(10) page 2Ah", p.size(), 14);
  Capabilities c;
  c.writes_cd_r = (p[3] & 0x01) != 0;
  c.writes_cd_rw = (p[3] & 0x02) != 0;
  c.test_write = (p[3] & 0x04) != 0;
  c.buffer_underrun_protection = (p[4] & 0x80) != 0;
  c.buffer_bytes = uint32_t{be16(p, 12)} * 1024;
  if (p.size() >= 20) c.max_write_kbps = be16(p, 18);
  if (p.size() >= 30) c.current_write_kbps = be16(p, 28);
  if (p.size() >= 32) {
    const size_t n = be16(p, 30);
    for (size_t i = 0; i < n && 32 + 4 * i + 4 <= p.size(); ++i) c.write_speeds_kbps.push_back(be16(p, 32 + 4 * i + 2));
  }
  return c;
}

int BufferCapacity::fillPercent() const {
  if (length_bytes == 0) return 0;
  const uint64_t used = length_bytes > free_bytes ? length_bytes - free_bytes : 0;
  return static_cast<int>(used * 100 / length_bytes);
}

Result<BufferCapacity> parseBufferCapacity(std::span<const uint8_t> reply) {
  if (reply.size() < 12) return shortReply("READ BUFFER CAPACITY", reply.size(), 12);
  return BufferCapacity{be32(reply, 4), be32(reply, 8)};
}

Result<FormatCapacities> parseFormatCapacities(std::span<const uint8_t> reply) {
  if (reply.size() < 12) return shortReply("READ FORMAT CAPACITIES", reply.size(), 12);
  FormatCapacities out;
  out.current_blocks = be32(reply, 4);
  out.state = static_cast<CapacityState>(std::max<uint8_t>(reply[8] & 0x03, 1));
  // The list length counts the current descriptor too; a reply cut short by the allocation length
  // keeps the whole descriptors it has.
  const size_t end = std::min(reply.size(), size_t{4} + reply[3]);
  for (size_t at = 12; at + 8 <= end; at += 8) {
    FormatDescriptor d;
    d.blocks = be32(reply, at);
    d.type = static_cast<uint8_t>(reply[at + 4] >> 2);
    d.parameter = (uint32_t{reply[at + 5]} << 16) | (uint32_t{reply[at + 6]} << 8) | reply[at + 7];
    out.formats.push_back(d);
  }
  return out;
}

}  // namespace dm::mmc
