// A deliberate layering violation: the test layering.detects_violation runs the layering check on
// this folder and expects it to fail, so the check itself is known to work.
#pragma once
#include "emulator/drive/recorder.h"
