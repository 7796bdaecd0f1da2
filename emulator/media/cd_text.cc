// CD-TEXT packs (see cd_text.h). A text stream of one pack type is the disc's string and then
// each track's, every one ended by a zero byte, cut into 12-byte pieces; a pack names the track
// its first byte belongs to and how many characters of that string came before it (capped at 15).
#include "emulator/media/cd_text.h"

#include <algorithm>
#include <array>

#include "emulator/media/raw_sector.h"

namespace vrec {
namespace {

constexpr size_t kTextBytes = 12;

void appendPack(std::vector<uint8_t>& out, uint8_t type, uint8_t track, uint8_t sequence, uint8_t position,
                const uint8_t* text) {
  std::array<uint8_t, kCdTextPackBytes> pack{};
  pack[0] = type;
  pack[1] = track;
  pack[2] = sequence;
  pack[3] = position;  // block 0, single-byte characters
  std::copy(text, text + kTextBytes, pack.begin() + 4);
  const uint16_t crc = qCrc(std::span<const uint8_t>(pack.data(), 16));  // same CRC as Q: x^16+x^12+x^5+1, inverted
  pack[16] = static_cast<uint8_t>(crc >> 8);
  pack[17] = static_cast<uint8_t>(crc);
  out.insert(out.end(), pack.begin(), pack.end());
}

// Appends the packs of one type; returns how many.
uint8_t appendStream(std::vector<uint8_t>& out, uint8_t type, const std::vector<std::string>& strings, size_t count,
                     uint8_t first_track, uint8_t& sequence) {
  std::vector<uint8_t> stream;
  std::vector<uint8_t> owner;     // track number of each byte
  std::vector<uint8_t> position;  // characters of its string before each byte
  for (size_t i = 0; i < count; ++i) {
    const std::string text = i < strings.size() ? strings[i] : std::string();
    const uint8_t track = i == 0 ? 0 : static_cast<uint8_t>(first_track + i - 1);
    for (size_t k = 0; k <= text.size(); ++k) {
      stream.push_back(k < text.size() ? static_cast<uint8_t>(text[k]) : 0);
      owner.push_back(track);
      position.push_back(static_cast<uint8_t>(std::min<size_t>(k, 15)));
    }
  }
  stream.resize((stream.size() + kTextBytes - 1) / kTextBytes * kTextBytes, 0);
  uint8_t packs = 0;
  for (size_t at = 0; at < stream.size(); at += kTextBytes) {
    const uint8_t track = at < owner.size() ? owner[at] : owner.back();
    const uint8_t pos = at < position.size() ? position[at] : 0;
    appendPack(out, type, track, sequence++, pos, stream.data() + at);
    ++packs;
  }
  return packs;
}

bool anySet(const std::vector<std::string>& strings) {
  return std::any_of(strings.begin(), strings.end(), [](const std::string& s) { return !s.empty(); });
}

}  // namespace

bool CdTextStrings::empty() const { return !anySet(titles) && !anySet(performers); }

std::vector<uint8_t> encodeCdText(const CdTextStrings& strings, uint8_t first_track) {
  std::vector<uint8_t> out;
  if (strings.empty()) return out;
  const size_t count = std::max(strings.titles.size(), strings.performers.size());
  const auto last_track = static_cast<uint8_t>(count <= 1 ? first_track : first_track + count - 2);
  uint8_t sequence = 0;
  std::array<uint8_t, 16> pack_counts{};
  if (anySet(strings.titles)) pack_counts[0] = appendStream(out, kCdTextTitle, strings.titles, count, first_track, sequence);
  if (anySet(strings.performers)) {
    pack_counts[1] = appendStream(out, kCdTextPerformer, strings.performers, count, first_track, sequence);
  }
  // Size information (8Fh), 36 bytes over three packs: character code 00h (ISO 8859-1), first and
  // last track, copyright 00h, packs per type 80h..8Fh (these three included), last sequence
  // number of each of the 8 blocks, language code per block (09h English for block 0).
  pack_counts[15] = 3;
  std::array<uint8_t, 36> size_info{};
  size_info[0] = 0x00;
  size_info[1] = first_track;
  size_info[2] = last_track;
  size_info[3] = 0x00;
  std::copy(pack_counts.begin(), pack_counts.end(), size_info.begin() + 4);
  size_info[20] = static_cast<uint8_t>(sequence + 2);  // the last pack of block 0
  size_info[28] = 0x09;
  for (uint8_t i = 0; i < 3; ++i) appendPack(out, kCdTextSizeInfo, i, sequence++, 0, size_info.data() + 12 * i);
  return out;
}

CdTextStrings decodeCdText(const std::vector<uint8_t>& packs, uint8_t last_track) {
  CdTextStrings out;
  out.titles.assign(last_track + 1u, std::string());
  out.performers.assign(last_track + 1u, std::string());
  for (const uint8_t type : {kCdTextTitle, kCdTextPerformer}) {
    std::vector<std::string>& target = type == kCdTextTitle ? out.titles : out.performers;
    int track = -1;
    std::string current;
    for (size_t at = 0; at + kCdTextPackBytes <= packs.size(); at += kCdTextPackBytes) {
      const uint8_t* pack = packs.data() + at;
      if (pack[0] != type || (pack[3] & 0x70) != 0) continue;  // other types, other blocks
      if (track < 0) track = pack[1] & 0x7F;
      for (size_t k = 0; k < kTextBytes; ++k) {
        const auto c = static_cast<char>(pack[4 + k]);
        if (c != '\0') {
          current.push_back(c);
          continue;
        }
        if (track >= 0 && track <= last_track) {
          // A single TAB repeats the previous track's string (the CD-TEXT shorthand).
          target[static_cast<size_t>(track)] = current == "\t" && track > 0 ? target[static_cast<size_t>(track - 1)] : current;
        }
        current.clear();
        ++track;
      }
    }
  }
  return out;
}

}  // namespace vrec
