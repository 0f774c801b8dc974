#ifndef IAMGATE_CCURL_SHIM_H
#define IAMGATE_CCURL_SHIM_H

#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: typed wrappers. */
static inline CURLcode iamgate_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode iamgate_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode iamgate_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode iamgate_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*iamgate_curl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode iamgate_curl_setopt_write_function(CURL *handle, CURLoption option,
                                                          iamgate_curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

/* CURLOPT_HEADERFUNCTION: libcurl calls it once per complete header line, status line and blank line included. */
static inline CURLcode iamgate_curl_setopt_header_function(CURL *handle, iamgate_curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

/* curl_off_t options such as CURLOPT_POSTFIELDSIZE_LARGE. */
static inline CURLcode iamgate_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/* CURL_GLOBAL_DEFAULT is a macro expression Swift does not import. */
static inline CURLcode iamgate_curl_global_init_default(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

static inline CURLcode iamgate_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode iamgate_curl_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
