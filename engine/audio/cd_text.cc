// CD-TEXT packs and their lead-in form (see cd_text.h).
#include "engine/audio/cd_text.h"

#include <algorithm>
#include <array>

namespace dm::audio {
namespace {

constexpr uint8_t kPackTitle = 0x80;
constexpr uint8_t kPackPerformer = 0x81;
constexpr uint8_t kPackSizeInfo = 0x8F;
constexpr size_t kTextBytes = 12;
constexpr uint8_t kCharacterCodeLatin1 = 0x00;
constexpr uint8_t kLanguageEnglish = 0x09;

class PackWriter {
 public:
  explicit PackWriter(std::vector<uint8_t>& out) : out_(out) {}

  // One pack type's strings (album first, then the tracks), NUL-terminated and cut into packs of
  // 12 bytes; each pack names the track whose string it starts in and how many characters of that
  // string earlier packs held (at most 15).
  void strings(uint8_t type, const std::vector<std::string>& texts, uint8_t first_track) {
    std::vector<uint8_t> stream;
    std::vector<uint8_t> owner;  // the string each byte belongs to (0 album, then tracks)
    std::vector<uint16_t> offset;
    for (size_t s = 0; s < texts.size(); ++s) {
      for (size_t i = 0; i <= texts[s].size(); ++i) {
        stream.push_back(i < texts[s].size() ? static_cast<uint8_t>(texts[s][i]) : 0);
        owner.push_back(static_cast<uint8_t>(s));
        offset.push_back(static_cast<uint16_t>(i));
      }
    }
    for (size_t at = 0; at < stream.size(); at += kTextBytes) {
      std::array<uint8_t, kCdTextPackBytes> pack{};
      pack[0] = type;
      pack[1] = owner[at] == 0 ? 0 : static_cast<uint8_t>(first_track + owner[at] - 1);
      pack[3] = static_cast<uint8_t>(std::min<uint16_t>(offset[at], 15));
      for (size_t k = 0; k < kTextBytes && at + k < stream.size(); ++k) pack[4 + k] = stream[at + k];
      emit(pack);
    }
  }

  void emit(std::array<uint8_t, kCdTextPackBytes>& pack) {
    pack[2] = sequence_++;
    const uint16_t crc = cdTextCrc(std::span<const uint8_t, 16>(pack.data(), 16));
    pack[16] = static_cast<uint8_t>(crc >> 8);
    pack[17] = static_cast<uint8_t>(crc);
    out_.insert(out_.end(), pack.begin(), pack.end());
    ++count_[pack[0] & 0x0F];
  }

  uint8_t sequence() const { return sequence_; }
  uint8_t count(uint8_t type) const { return count_[type & 0x0F]; }

 private:
  std::vector<uint8_t>& out_;
  uint8_t sequence_ = 0;
  std::array<uint8_t, 16> count_{};
};

bool anyText(const std::string& album, const std::vector<std::string>& tracks) {
  return !album.empty() || std::any_of(tracks.begin(), tracks.end(), [](const std::string& t) { return !t.empty(); });
}

}  // namespace

bool CdText::empty() const {
  return !anyText(album_title, track_titles) && !anyText(album_performer, track_performers);
}

uint16_t cdTextCrc(std::span<const uint8_t, 16> pack) {
  uint16_t crc = 0;
  for (uint8_t byte : pack) {
    crc ^= static_cast<uint16_t>(byte << 8);
    for (int bit = 0; bit < 8; ++bit) crc = static_cast<uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
  }
  return static_cast<uint16_t>(~crc);
}

std::vector<uint8_t> cdTextPacks(const CdText& text, uint8_t first_track) {
  std::vector<uint8_t> out;
  if (text.empty()) return out;
  const size_t tracks = std::max(text.track_titles.size(), text.track_performers.size());
  const auto column = [tracks](const std::string& album, const std::vector<std::string>& per_track) {
    std::vector<std::string> all{album};
    for (size_t i = 0; i < tracks; ++i) all.push_back(i < per_track.size() ? per_track[i] : std::string());
    return all;
  };
  PackWriter w(out);
  if (anyText(text.album_title, text.track_titles)) w.strings(kPackTitle, column(text.album_title, text.track_titles), first_track);
  if (anyText(text.album_performer, text.track_performers))
    w.strings(kPackPerformer, column(text.album_performer, text.track_performers), first_track);

  // Size information: 36 bytes over three packs.
  std::array<uint8_t, 36> info{};
  info[0] = kCharacterCodeLatin1;
  info[1] = first_track;
  info[2] = static_cast<uint8_t>(first_track + tracks - 1);
  for (uint8_t type = 0; type < 16; ++type) info[4 + type] = w.count(static_cast<uint8_t>(0x80 | type));
  info[4 + (kPackSizeInfo & 0x0F)] = 3;
  info[20] = static_cast<uint8_t>(w.sequence() + 2);  // the last pack of block 0: the third 8Fh pack
  info[28] = kLanguageEnglish;
  for (uint8_t k = 0; k < 3; ++k) {
    std::array<uint8_t, kCdTextPackBytes> pack{};
    pack[0] = kPackSizeInfo;
    pack[1] = k;
    std::copy_n(info.begin() + 12 * k, 12, pack.begin() + 4);
    w.emit(pack);
  }
  return out;
}

void leadInSubchannel(std::span<const uint8_t> packs, uint32_t index, std::span<uint8_t, kLeadInSubchannelBytes> out) {
  std::fill(out.begin(), out.end(), 0);
  const size_t count = packs.size() / kCdTextPackBytes;
  if (count == 0) return;
  for (size_t p = 0; p < 4; ++p) {
    const uint8_t* pack = packs.data() + ((size_t{index} * 4 + p) % count) * kCdTextPackBytes;
    // 18 bytes = 144 bits = 24 symbols of 6 bits, most significant bit first.
    for (size_t sym = 0; sym < 24; ++sym) {
      uint8_t v = 0;
      for (size_t bit = 0; bit < 6; ++bit) {
        const size_t b = sym * 6 + bit;
        v = static_cast<uint8_t>((v << 1) | ((pack[b / 8] >> (7 - b % 8)) & 1));
      }
      out[p * 24 + sym] = v;
    }
  }
}

}  // namespace dm::audio
