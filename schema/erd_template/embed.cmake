# schema/erd_template/embed.cmake: turns the ERD viewer's template files
# into NUL-terminated C arrays (declared in schema/erd_int.h), so the
# strata binary carries them and never reads a file at run time.
#
#   cmake -DDIR=<this folder> -DOUT=<generated .c> -P embed.cmake
#
# The script and the style sheet are inserted into <script> and <style>
# elements as they are: a "</script" or "</style" inside them would end the
# element early, so it is refused here.
cmake_minimum_required(VERSION 3.20)

set(files erd.html erd.css erd.js)
set(names sm__erd_tpl_html sm__erd_tpl_css sm__erd_tpl_js)
set(c "/* generated from schema/erd_template by embed.cmake: do not edit */\n\n")
foreach(f n IN ZIP_LISTS files names)
	file(READ "${DIR}/${f}" text)
	string(TOLOWER "${text}" lower)
	foreach(bad "</script" "</style")
		string(FIND "${lower}" "${bad}" at)
		if(NOT f STREQUAL "erd.html" AND at GREATER -1)
			message(FATAL_ERROR "${f}: '${bad}' would close its element")
		endif()
	endforeach()
	file(READ "${DIR}/${f}" hex HEX)
	string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
	# sixteen bytes a line (CMake regexes have no {n})
	set(b "0x[0-9a-f][0-9a-f],")
	string(REGEX REPLACE "(${b}${b}${b}${b}${b}${b}${b}${b}${b}${b}${b}${b}${b}${b}${b}${b})"
		"\\1\n\t" hex "${hex}")
	string(APPEND c "extern const unsigned char ${n}[];\n"
		"const unsigned char ${n}[] = {\n\t${hex}0x00\n};\n\n")
endforeach()

# Rewrite only when the content changed, so a rebuild does not recompile.
set(old "")
if(EXISTS "${OUT}")
	file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL c)
	file(WRITE "${OUT}" "${c}")
endif()
