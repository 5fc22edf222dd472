// How a `linli` subcommand reports a failure on standard error: the message, the field, the
// code name, and the detail a storage driver gave (which the HTTP layer only logs).
// Thread-safety: writes to std::cerr.
#pragma once

#include "core/result.hpp"

namespace linli::app {

// Prints "linli: <message> [<field>] (<code>)" and the driver's detail; returns exit status 1.
int Fail(const core::Error& error);

}  // namespace linli::app
