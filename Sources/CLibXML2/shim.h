#ifndef IAMGATE_CLIBXML2_SHIM_H
#define IAMGATE_CLIBXML2_SHIM_H

/* Debian's libxml2 is built with ICU, whose headers clash with Foundation's copy: turn ICU off first. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#endif
