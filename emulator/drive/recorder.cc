// vrec::Recorder, the public face of the virtual recorder: a thin pimpl over Drive, which holds all
// state, so two recorders in one process never share anything and the header stays small. It is
// also the exception boundary (STYLE.md §7): the model may run out of memory (std::bad_alloc),
// and that reaches the host as a device failure, never as an exception.
#include "emulator/drive/recorder.h"

#include <exception>
#include <string>

#include "emulator/drive/drive.h"

namespace vrec {

struct Recorder::State {
  State(DriveProfile profile, Medium medium) : drive(std::move(profile), std::move(medium)) {}
  Drive drive;
};

Recorder::Recorder(DriveProfile profile, Medium medium)
    : state_(std::make_unique<State>(std::move(profile), std::move(medium))) {}

Recorder::~Recorder() = default;

CommandOutcome Recorder::execute(std::span<const uint8_t> cdb, DataDirection direction, std::span<uint8_t> data) {
  try {
    return state_->drive.execute(cdb, direction, data);
  } catch (...) {
    // A real drive whose firmware fails reports HARDWARE ERROR 04/44/00 (mmc.md §5.2).
    CommandOutcome outcome;
    outcome.status = kStatusCheckCondition;
    outcome.sense = SenseReport{kSenseInternalTargetFailure}.encode();
    outcome.sense_length = kFixedSenseLength;
    outcome.started = outcome.finished = state_->drive.now();
    return outcome;
  }
}

Ticks Recorder::now() const { return state_->drive.now(); }
void Recorder::advance(Ticks ticks) { state_->drive.advance(ticks); }
const DriveProfile& Recorder::profile() const { return state_->drive.profile(); }
const Medium& Recorder::medium() const { return state_->drive.medium(); }
std::string Recorder::traceText() const { return state_->drive.traceText(); }
uint64_t Recorder::traceHash() const { return state_->drive.traceHash(); }

std::optional<ExportError> Recorder::exportIso(const std::filesystem::path& path) const {
  try {
    return state_->drive.exportIso(path);
  } catch (const std::exception& e) {
    return ExportError{std::string("cannot write ISO image: ") + e.what()};
  } catch (...) {
    return ExportError{"cannot write ISO image: unexpected failure"};
  }
}

bool Recorder::trayOpen() const { return state_->drive.trayOpen(); }
bool Recorder::mediumPresent() const { return state_->drive.mediumPresent(); }
bool Recorder::insertMedium(Medium medium) { return state_->drive.insertMedium(std::move(medium)); }
bool Recorder::removeMedium() { return state_->drive.removeMedium(); }
bool Recorder::pressEjectButton(bool emergency) { return state_->drive.pressEjectButton(emergency); }
uint32_t Recorder::underrunCount() const { return state_->drive.underrunCount(); }
uint32_t Recorder::relinkCount() const { return state_->drive.relinkCount(); }
uint16_t Recorder::currentWriteSpeedX() const { return state_->drive.currentWriteSpeedX(); }
uint32_t Recorder::headSpeedMilliX() const { return state_->drive.headSpeedMilliX(); }

}  // namespace vrec
