// A deliberate layering violation (see ../../engine/burn/bad_burner.h).
#include "../../engine/mmc/drive.h"
