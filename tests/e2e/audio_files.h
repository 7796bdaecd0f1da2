// Audio inputs for the end-to-end tests: PCM with a pattern per file, and WAV files written by
// hand (a canonical 44-byte header), so the reader under test is judged on files it did not make.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace dm::e2e {


// 16-bit stereo PCM with a per-file pattern (frames that are not a whole block are allowed).
inline std::vector<uint8_t> pattern(size_t frames, int seed) {
  std::vector<uint8_t> pcm(frames * 4);
  uint32_t x = 0x12345u * static_cast<uint32_t>(seed + 1);
  for (auto& b : pcm) {
    x = x * 1103515245u + 12345u;
    b = static_cast<uint8_t>(x >> 16);
  }
  return pcm;
}

inline void writeBytes(const std::filesystem::path& p, const std::vector<uint8_t>& bytes) {
  std::ofstream f(p, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// A canonical 44-byte-header WAV file.
inline void writeWav(const std::filesystem::path& p, const std::vector<uint8_t>& pcm, uint32_t rate) {
  auto le32 = [](std::vector<uint8_t>& v, uint32_t x) {
    for (int i = 0; i < 4; ++i) v.push_back(static_cast<uint8_t>(x >> (8 * i)));
  };
  auto le16 = [](std::vector<uint8_t>& v, uint16_t x) {
    v.push_back(static_cast<uint8_t>(x));
    v.push_back(static_cast<uint8_t>(x >> 8));
  };
  std::vector<uint8_t> w{'R', 'I', 'F', 'F'};
  le32(w, static_cast<uint32_t>(36 + pcm.size()));
  for (char c : std::string("WAVEfmt ")) w.push_back(static_cast<uint8_t>(c));
  le32(w, 16);
  le16(w, 1);
  le16(w, 2);
  le32(w, rate);
  le32(w, rate * 4);
  le16(w, 4);
  le16(w, 16);
  for (char c : std::string("data")) w.push_back(static_cast<uint8_t>(c));
  le32(w, static_cast<uint32_t>(pcm.size()));
  w.insert(w.end(), pcm.begin(), pcm.end());
  writeBytes(p, w);
}

}  // namespace dm::e2e
