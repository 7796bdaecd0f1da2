// Writes the audio the scenario fixtures need: `make_tone OUT SECONDS HZ [SECONDS HZ …]` writes
// the tones one after the other as 44.1 kHz 16-bit stereo, a WAV file for OUT.wav and raw
// little-endian CD-DA (what a cue sheet's BINARY file holds) otherwise. Same arguments, same bytes.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace {

void put16(std::vector<char>& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>(v >> 8));
}

void put32(std::vector<char>& out, uint32_t v) {
  put16(out, static_cast<uint16_t>(v & 0xFFFF));
  put16(out, static_cast<uint16_t>(v >> 16));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || argc % 2 != 0) {
    std::fprintf(stderr, "usage: make_tone OUT SECONDS HZ [SECONDS HZ ...]\n");
    return 2;
  }
  std::vector<char> pcm;
  for (int i = 2; i + 1 < argc; i += 2) {
    const double seconds = std::atof(argv[i]), hz = std::atof(argv[i + 1]);
    const auto frames = static_cast<size_t>(std::lround(seconds * 44100));
    for (size_t f = 0; f < frames; ++f) {
      const auto v = static_cast<int16_t>(8000 * std::sin(2 * M_PI * hz * static_cast<double>(f) / 44100));
      put16(pcm, static_cast<uint16_t>(v));
      put16(pcm, static_cast<uint16_t>(v));
    }
  }
  const std::string out_path = argv[1];
  std::vector<char> file;
  if (out_path.size() > 4 && out_path.substr(out_path.size() - 4) == ".wav") {
    file.insert(file.end(), {'R', 'I', 'F', 'F'});
    put32(file, static_cast<uint32_t>(36 + pcm.size()));
    file.insert(file.end(), {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '});
    put32(file, 16);
    put16(file, 1);  // PCM
    put16(file, 2);
    put32(file, 44100);
    put32(file, 44100 * 4);
    put16(file, 4);
    put16(file, 16);
    file.insert(file.end(), {'d', 'a', 't', 'a'});
    put32(file, static_cast<uint32_t>(pcm.size()));
  }
  file.insert(file.end(), pcm.begin(), pcm.end());
  std::ofstream out(out_path, std::ios::binary);
  out.write(file.data(), static_cast<std::streamsize>(file.size()));
  if (!out) {
    std::fprintf(stderr, "%s: cannot write\n", out_path.c_str());
    return 1;
  }
  return 0;
}
