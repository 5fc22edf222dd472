#include "app/fail.hpp"

#include <iostream>

namespace linli::app {

int Fail(const core::Error& error) {
  std::cerr << "linli: " << error.message;
  if (!error.field.empty()) std::cerr << " [" << error.field << "]";
  std::cerr << " (" << core::ErrorCodeName(error.code) << ")\n";
  if (!error.detail.empty()) std::cerr << "  " << error.detail << "\n";
  return 1;
}

}  // namespace linli::app
