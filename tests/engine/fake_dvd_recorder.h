// FakeDvdRecorder: a scripted DVD/BD writer for the DVD/BD burner's unit tests. It answers what
// the burner asks (profile, disc and track information, page 2Ah, READ FORMAT CAPACITIES), keeps
// what is written, formats a DVD+RW or BD-RE when told, and logs every command as a short line
// ("WRITE 0+32", "CLOSE 6 track 0") so a test can compare the whole sequence.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "engine/burn/sector_source.h"
#include "tests/engine/scripted_transport.h"

namespace dm::burn::testing_fakes {

using dm::testing::checkCondition;
using dm::testing::good;

class PatternSource final : public SectorSource {
 public:
  explicit PatternSource(uint32_t blocks) : blocks_(blocks) {}
  uint32_t blockSize() const override { return 2048; }
  uint32_t totalBlocks() const override { return blocks_; }
  Status readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const override {
    for (uint32_t b = 0; b < count; ++b) std::fill_n(out.begin() + size_t{b} * 2048, 2048, static_cast<uint8_t>(first + b + 1));
    return Status::Ok();
  }

 private:
  uint32_t blocks_;
};

inline uint32_t get32(const uint8_t* p) { return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3]; }
inline void put32(std::span<uint8_t> d, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) d[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}

// A scripted DVD writer: answers what the burner asks and logs every command as a short line.
struct FakeDvdRecorder {
  uint16_t profile = 0x001B;
  uint8_t disc_status = 0;           // READ DISC INFORMATION byte 2 bits 1-0
  uint32_t capacity = 2295104;       // DVD+R single layer
  uint32_t nwa = 0;
  bool streaming_supported = true;
  bool refuse_close = false;  // CLOSE TRACK/SESSION answers 05/2C/00
  std::vector<std::string> log;
  std::vector<uint8_t> selected_page;   // the page 05 bytes of MODE SELECT (page code onward)
  std::vector<uint8_t> format_list;
  std::vector<uint8_t> streaming;
  std::map<uint32_t, std::vector<uint8_t>> blocks;  // what was written, per LBA
  uint32_t written = 0;
  uint8_t last_prevent = 0xFF;
  uint16_t max_kbps = 11080;     // page 2Ah: 8x DVD
  uint16_t current_kbps = 5540;  // page 2Ah: 4x DVD
  bool formatted = false;        // a DVD+RW or BD-RE after FORMAT UNIT
  // READ FORMAT CAPACITIES of a BD-RE (mmc.md §1.5, §2.4): type and blocks of each descriptor.
  std::vector<std::pair<uint8_t, uint32_t>> bd_formats{
      {0x00, 11826176}, {0x30, 11826176}, {0x30, 12088320}, {0x30, 11564032}, {0x31, 12219392}};

  CommandResult operator()(const Cdb& cdb, Direction direction, std::span<uint8_t> data) {
    if (direction == Direction::kFromDevice) std::fill(data.begin(), data.end(), 0);
    const uint8_t* b = cdb.bytes.data();
    switch (cdb.opcode()) {
      case 0x00: log.push_back("TEST UNIT READY"); return good();
      case 0x12: {
        log.push_back("INQUIRY");
        const std::string id = "FAKE    DVD RECORDER    0.01";
        std::copy(id.begin(), id.end(), data.begin() + 8);
        data[0] = 0x05;
        return good(36);
      }
      case 0x46:
        log.push_back("GET CONFIGURATION");
        data[6] = static_cast<uint8_t>(profile >> 8);
        data[7] = static_cast<uint8_t>(profile);
        return good(8);
      case 0x5A: {
        const uint8_t page = b[2] & 0x3F;
        log.push_back(fmt::format("MODE SENSE {:02X}", page));
        data[0] = static_cast<uint8_t>((data.size() - 2) >> 8);
        data[1] = static_cast<uint8_t>(data.size() - 2);
        if (page == 0x2A) {
          data[8] = 0x2A; data[9] = 0x1C; data[11] = 0x05 | 0x30; data[12] = 0x80;
          data[20] = 0x08;
          data[26] = static_cast<uint8_t>(max_kbps >> 8);
          data[27] = static_cast<uint8_t>(max_kbps);
          data[36] = static_cast<uint8_t>(current_kbps >> 8);
          data[37] = static_cast<uint8_t>(current_kbps);
        } else {
          data[8] = 0x05; data[9] = 0x36;
          data[8 + 15] = 0x96;
        }
        return good(data.size());
      }
      case 0x55: log.push_back("MODE SELECT 05"); selected_page.assign(data.begin() + 8, data.end()); return good(data.size());
      case 0x51:
        log.push_back("READ DISC INFORMATION");
        data[1] = 0x20;
        // A formatted BD-RE is a random-access disc: status 11b, its last session complete.
        data[2] = static_cast<uint8_t>((bdReFormatted() ? 0x0F : disc_status) | (rewritable() ? 0x10 : 0));
        data[4] = disc_status ? 1 : 0;
        put32(data, 20, capacity);
        return good(34);
      case 0x52: {
        const uint32_t address = get32(b + 2);
        log.push_back((b[1] & 3) == 1 ? fmt::format("READ TRACK INFORMATION track {:X}", address)
                                      : fmt::format("READ TRACK INFORMATION lba {}", address));
        data[2] = 1;
        data[3] = 1;
        data[7] = 0x01;  // NWA valid
        put32(data, 8, nwa);
        put32(data, 12, nwa + written);
        put32(data, 16, capacity - nwa - written);
        put32(data, 24, written);
        return good(36);
      }
      case 0xB6:
        log.push_back("SET STREAMING");
        if (!streaming_supported) return checkCondition(0x05, 0x20, 0x00);
        streaming.assign(data.begin(), data.end());
        return good();
      case 0xBB: log.push_back(fmt::format("SET CD SPEED {}", (b[4] << 8) | b[5])); return good();
      case 0x53: log.push_back(fmt::format("RESERVE TRACK {}", get32(b + 5))); return good();
      case 0x04:
        log.push_back("FORMAT UNIT");
        format_list.assign(data.begin(), data.end());
        formatted = true;
        if (profile == 0x0043) capacity = get32(&data[4]);
        return good();
      case 0x23: {
        log.push_back("READ FORMAT CAPACITIES");
        std::vector<uint8_t> reply(12, 0);
        put32(reply, 4, capacity);
        reply[8] = formatted ? 0x02 : 0x01;
        reply[11] = 0x08;  // block length 2048
        for (const auto& [type, count] : bd_formats) {
          reply.resize(reply.size() + 8, 0);
          put32(reply, reply.size() - 8, count);
          reply[reply.size() - 4] = static_cast<uint8_t>(type << 2);
          reply[reply.size() - 1] = type == 0x31 ? 0 : 0x30;  // spare clusters (abridged)
        }
        reply[3] = static_cast<uint8_t>(reply.size() - 4);
        const size_t n = std::min(reply.size(), data.size());
        std::copy_n(reply.begin(), n, data.begin());
        return good(n);
      }
      case 0x2A: {
        const uint32_t lba = get32(b + 2);
        const uint16_t n = static_cast<uint16_t>((b[7] << 8) | b[8]);
        log.push_back(fmt::format("WRITE {}+{}", lba, n));
        for (uint16_t i = 0; i < n; ++i) blocks[lba + i].assign(data.begin() + i * 2048, data.begin() + (i + 1) * 2048);
        written += n;
        return good(data.size());
      }
      case 0x28: {
        const uint32_t lba = get32(b + 2);
        const uint16_t n = static_cast<uint16_t>((b[7] << 8) | b[8]);
        log.push_back(fmt::format("READ {}+{}", lba, n));
        for (uint16_t i = 0; i < n; ++i) {
          const auto it = blocks.find(lba + i);
          if (it == blocks.end()) return checkCondition(0x05, 0x21, 0x00);
          std::copy(it->second.begin(), it->second.end(), data.begin() + i * 2048);
        }
        return good(data.size());
      }
      case 0x35: log.push_back("SYNCHRONIZE CACHE"); return good();
      case 0x5B:
        log.push_back(fmt::format("CLOSE {} track {}", b[2] & 7, (b[4] << 8) | b[5]));
        return refuse_close ? checkCondition(0x05, 0x2C, 0x00) : good();
      case 0x1E:
        last_prevent = b[4];
        log.push_back(fmt::format("PREVENT {}", b[4]));
        return good();
      case 0x5C:
        log.push_back("READ BUFFER CAPACITY");
        put32(data, 4, 2u << 20);
        put32(data, 8, 1u << 20);
        return good(12);
      default: log.push_back(fmt::format("op {:02X}", cdb.opcode())); return good();
    }
  }

  bool rewritable() const { return profile == 0x001A || profile == 0x0043; }
  bool bdReFormatted() const { return profile == 0x0043 && formatted; }

  // The log without TEST UNIT READY polls and buffer polls, which the drive's pace decides.
  std::vector<std::string> commands() const {
    std::vector<std::string> out;
    for (const std::string& l : log)
      if (l != "TEST UNIT READY" && l != "READ BUFFER CAPACITY") out.push_back(l);
    return out;
  }
  size_t count(const std::string& prefix) const {
    return static_cast<size_t>(std::count_if(log.begin(), log.end(), [&](const std::string& l) { return l.rfind(prefix, 0) == 0; }));
  }
};

}  // namespace dm::burn::testing_fakes
