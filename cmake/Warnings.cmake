# strata_warnings: an INTERFACE target every strata library links PRIVATE.
# It carries the warning set, -Werror in CI and the sanitizer options.
add_library(strata_warnings INTERFACE)
target_compile_options(strata_warnings INTERFACE
	-Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
	-Wmissing-prototypes -Wformat=2 -Wvla -Wcast-qual -Wwrite-strings
	-Wno-format-nonliteral)
target_compile_definitions(strata_warnings INTERFACE _POSIX_C_SOURCE=200809L _DEFAULT_SOURCE)
if(STRATA_WERROR)
	target_compile_options(strata_warnings INTERFACE -Werror)
endif()
if(STRATA_ARENA_DEBUG)
	target_compile_definitions(strata_warnings INTERFACE STRATA_ARENA_DEBUG=1)
endif()
if(STRATA_SANITIZE)
	# Applied globally so tests and third-party glue share the runtime.
	add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
		-fno-omit-frame-pointer)
	add_link_options(-fsanitize=address,undefined)
endif()
