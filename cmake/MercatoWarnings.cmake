# Warning flags for Mercato's own targets (never applied to generated code or dependencies).
add_library(mercato_warnings INTERFACE)
target_compile_options(mercato_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wconversion -Wsign-conversion -Wformat=2
  $<$<BOOL:${MERCATO_WERROR}>:-Werror>)
option(MERCATO_WERROR "Treat warnings in Mercato's own code as errors" OFF)
